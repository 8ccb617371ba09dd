"""Reverse DNS of a viewer's address, for the DNS parameter of access rights, with a time limit.

The host name counts only when it resolves back to the same address (forward-confirmed
reverse DNS): anyone can make their own address's PTR record say ``crawl.googlebot.com``.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

LOOKUP_SECONDS = 1.0

ReverseLookup = Callable[[str], str]
ForwardLookup = Callable[[str], set[str]]
Resolver = Callable[[str], str | None]


def _reverse(ip: str) -> str:
    return socket.gethostbyaddr(ip)[0]


def _forward(host: str) -> set[str]:
    return {str(info[4][0]) for info in socket.getaddrinfo(host, None)}


def reverse_dns(
    ip: str,
    timeout: float = LOOKUP_SECONDS,
    *,
    reverse: ReverseLookup = _reverse,
    forward: ForwardLookup = _forward,
) -> str | None:
    """The confirmed host name of ``ip``; None when unknown, unconfirmed, failing or slower than ``timeout``.

    The lookups run on a daemon thread: the resolver library has no timeout of its own, and a
    slow DNS server must not hold the request (the thread is abandoned, not waited for).
    """
    found: list[str | None] = []

    def lookup() -> None:
        try:
            host = reverse(ip)
            found.append(host if ip in forward(host) else None)
        except (OSError, UnicodeError, ValueError):
            found.append(None)

    worker = threading.Thread(target=lookup, name="reverse-dns", daemon=True)
    worker.start()
    worker.join(timeout)
    return found[0] if found else None
