"""The Cognito user pool authorizer of a REST API, emulated.

API Gateway takes the ``Authorization`` header (the raw ID token, or
``Bearer <token>``), checks the signature against the pool's JWKS, the issuer,
the audience (an app client of the pool), ``token_use == "id"`` and expiry,
and hands the claims to the function under ``requestContext.authorizer.claims``
with every value a string: lists joined with ``,``, booleans ``true``/``false``,
``exp``/``iat`` as Java date strings (``Fri Jul 29 18:52:53 UTC 2016``) and
other numbers as decimal strings.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import jwt

__all__ = ["CognitoAuthorizer", "Unauthorized", "stringify_claims", "token_from_header"]

log = logging.getLogger(__name__)

_DATE_CLAIMS = frozenset({"exp", "iat"})
VERIFIED_TOKENS = 1024  # remembered verifications (forgotten all at once when full)


class Unauthorized(Exception):
    """The request carries no usable token (API Gateway answers 401)."""


def token_from_header(value: str | None) -> str:
    """The token in an ``Authorization`` header, with or without the ``Bearer`` scheme."""
    if not value or not value.strip():
        raise Unauthorized("no Authorization header")
    parts = value.strip().split()
    if len(parts) == 2 and parts[0].lower() == "bearer":
        return parts[1]
    if len(parts) == 1:
        return parts[0]
    raise Unauthorized("the Authorization header is neither a token nor 'Bearer <token>'")


def stringify_claims(claims: Mapping[str, Any]) -> dict[str, str]:
    """Claims as API Gateway's Cognito authorizer delivers them: every value a string."""
    out: dict[str, str] = {}
    for name, value in claims.items():
        if isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif name in _DATE_CLAIMS and isinstance(value, int | float):
            out[name] = datetime.fromtimestamp(value, UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
        elif isinstance(value, int | float):
            out[name] = str(value)
        elif isinstance(value, list | tuple):
            out[name] = ",".join(str(item) for item in value)
        elif isinstance(value, dict):
            out[name] = json.dumps(value, separators=(",", ":"))
        else:
            out[name] = str(value)
    return out


class CognitoAuthorizer:
    """Verifies ID tokens issued by the given user pools of the emulator.

    ``pools`` maps each user pool id to the app client ids allowed as audience.
    JWKS are fetched from ``<endpoint_url>/<pool id>/.well-known/jwks.json``
    once and cached.
    """

    def __init__(self, *, endpoint_url: str, region: str, pools: Mapping[str, Iterable[str]]) -> None:
        self.endpoint_url = endpoint_url.rstrip("/")
        self.region = region
        self.pools = {pool_id: tuple(clients) for pool_id, clients in pools.items()}
        self._jwks: dict[str, jwt.PyJWKClient] = {}
        self._verified: dict[str, tuple[float, dict[str, str]]] = {}
        self._lock = threading.Lock()

    def issuer(self, pool_id: str) -> str:
        """The ``iss`` claim of tokens from ``pool_id``."""
        return f"https://cognito-idp.{self.region}.amazonaws.com/{pool_id}"

    def _jwks_client(self, pool_id: str) -> jwt.PyJWKClient:
        with self._lock:
            client = self._jwks.get(pool_id)
            if client is None:
                url = f"{self.endpoint_url}/{pool_id}/.well-known/jwks.json"
                client = jwt.PyJWKClient(url, cache_keys=True, lifespan=3600, timeout=10)
                self._jwks[pool_id] = client
            return client

    def verify(self, authorization: str | None) -> dict[str, str]:
        """The stringified claims of a valid ID token; :class:`Unauthorized` otherwise.

        A token verified once is remembered until it expires (its signature cannot change), so a
        client calling with the same token pays for one RSA verification, not one per request.
        """
        token = token_from_header(authorization)
        known = self._verified.get(token)
        if known is not None and known[0] > time.time():
            return dict(known[1])
        claims = self._verify(token)
        with self._lock:
            if len(self._verified) >= VERIFIED_TOKENS:
                self._verified.clear()
            self._verified[token] = (
                float(jwt.decode(token, options={"verify_signature": False})["exp"]),
                claims,
            )
        return dict(claims)

    def _verify(self, token: str) -> dict[str, str]:
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            raise Unauthorized(f"not a JWT: {error}") from error
        issuer = str(unverified.get("iss", ""))
        pool_id = issuer.rsplit("/", 1)[-1]
        if pool_id not in self.pools or issuer != self.issuer(pool_id):
            raise Unauthorized(f"issuer {issuer!r} is not a user pool of this authorizer")
        audiences = self.pools[pool_id]
        try:
            key = self._jwks_client(pool_id).get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key.key,
                algorithms=["RS256"],
                audience=list(audiences) or None,
                issuer=issuer,
                options={"require": ["exp", "iat", "iss", "token_use"], "verify_aud": bool(audiences)},
            )
        except jwt.PyJWKClientError as error:
            raise Unauthorized(f"signing key not found: {error}") from error
        except jwt.PyJWTError as error:
            raise Unauthorized(f"invalid token: {error}") from error
        if claims.get("token_use") != "id":
            raise Unauthorized(f"token_use is {claims.get('token_use')!r}; send the ID token")
        return stringify_claims(claims)
