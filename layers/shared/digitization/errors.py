"""Domain exceptions. The HTTP layer maps each to a status code in one table (``http.py``)."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the service reports to a caller."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    """The input is well-formed JSON but a value is wrong (422)."""

    code = "invalid_input"


class Unauthorized(DomainError):
    """No caller identity (401)."""

    code = "unauthorized"


class Forbidden(DomainError):
    """The caller's role does not allow the action (403)."""

    code = "forbidden"


class NotFound(DomainError):
    """No such thing, or not visible to this caller (404)."""

    code = "not_found"


class Conflict(DomainError):
    """The action does not fit the current state (409)."""

    code = "conflict"

    def __init__(self, message: str, *, field: str | None = None, current_status: str | None = None) -> None:
        super().__init__(message, field=field)
        self.current_status = current_status


class RequestFull(Conflict):
    """The request holds as much as it may (``domain/limits.py``): adding more is refused (409)."""

    code = "request_full"


class WrongDepartment(Conflict):
    """The action belongs at the department that holds the item, not at the one named (409)."""

    code = "wrong_department"


class Gone(DomainError):
    """The thing existed but is no longer available (410)."""

    code = "gone"


class LinkUsedUp(Gone):
    """A download link whose views are all used (410)."""

    code = "link_used_up"


class LinkExpired(Gone):
    """A download link past its expiry, its file removed (410)."""

    code = "link_expired"


class PayloadTooLarge(DomainError):
    """The content is over a size limit (413)."""

    code = "payload_too_large"


class VersionConflict(Conflict):
    """A conditional write lost a race: someone else wrote the record since it was read (409).

    The data layer raises it (``data/conditions.py``); a use case that can retry catches it and reads
    again (``service/mutation.py``), any other lets it reach the HTTP table, which answers 409 with
    this message.
    """

    def __init__(self, what: str, *, field: str | None = "id") -> None:
        super().__init__(f"{what} was changed by someone else meanwhile; reload and try again", field=field)
        self.what = what
