"""The user directory: requester facts from the Cognito user pool (SPEC §3.1).

One call, ``AdminGetUser`` on the pool the template names (``USER_POOL_ID``); the
functions that look people up hold exactly that permission.
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from digitization.aws import cognito
from digitization.config import settings
from digitization.domain.facts import person
from digitization.domain.requests import Requester


class Directory:
    def find(self, user_id: str) -> Requester | None:
        """The user's facts; None when the directory has no such user."""
        try:
            user = cognito().admin_get_user(UserPoolId=settings().user_pool_id, Username=user_id)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in {"UserNotFoundException", "InvalidParameterException"}:
                return None
            raise
        attributes = {a["Name"]: a.get("Value", "") for a in user.get("UserAttributes", [])}
        return person(user["Username"], attributes)
