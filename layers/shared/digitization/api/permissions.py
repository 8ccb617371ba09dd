"""Who may call which route: one table, checked before a body is read (SPEC §8, "the role first").

Keys are the API Gateway resource paths of template.yaml (``/requests/{id}``). A route's
value is the roles that may call it at all; ``PUBLIC`` routes need no sign-in. The services
check finer things on top (a patron sees only their own requests; copyright clearance is the
digitization manager's; an expiry-only edit is the fulfillment services manager's), so a
role listed here may still be refused by them, never the other way round. The route x role
test (tests/integration/test_route_roles.py) reads this table and the OpenAPI document.
"""

from __future__ import annotations

from digitization.auth import STAFF_ROLES, Role

Roles = frozenset[Role]

PUBLIC: Roles = frozenset()  # no sign-in at all: the API documentation
SIGNED_IN: Roles = frozenset(Role)
STAFF: Roles = STAFF_ROLES
PATRON = Role.PATRON
OPERATOR = Role.WORK_ORDER_OPERATOR
MANAGER = Role.FULFILLMENT_SERVICES_MANAGER
CLEARER = Role.DIGITIZATION_MANAGER
ADMIN = Role.FULFILLMENT_ADMIN
APPROVERS: Roles = frozenset({MANAGER, CLEARER})


def only(*roles: Role) -> Roles:
    return frozenset(roles)


WHO_MAY: dict[tuple[str, str], Roles] = {
    # requests
    ("POST", "/requests"): SIGNED_IN,
    ("GET", "/requests"): SIGNED_IN,
    ("GET", "/requests/{id}"): SIGNED_IN,
    ("PATCH", "/requests/{id}"): only(OPERATOR, MANAGER),
    ("POST", "/requests/{id}/scan-in"): only(OPERATOR),
    ("POST", "/requests/{id}/locate"): only(OPERATOR),
    ("POST", "/departments/{code}/scan-in"): only(OPERATOR),
    ("POST", "/requests/{id}/next-step"): only(OPERATOR),
    ("POST", "/requests/{id}/cancel"): only(PATRON, OPERATOR),
    ("POST", "/requests/{id}/change-digitization"): only(OPERATOR),
    ("POST", "/requests/{id}/status"): only(OPERATOR),
    ("GET", "/requests/{id}/rule"): STAFF,
    ("POST", "/requests/{id}/notes"): STAFF,
    ("GET", "/requests/{id}/notes"): STAFF,
    ("PATCH", "/requests/{id}/notes/{note_id}"): STAFF,
    ("DELETE", "/requests/{id}/notes/{note_id}"): STAFF,
    # catalogue
    ("GET", "/titles"): SIGNED_IN,
    ("GET", "/titles/{mms_id}"): STAFF,
    ("PUT", "/titles/{mms_id}"): only(OPERATOR, ADMIN),
    ("GET", "/titles/{mms_id}/items"): STAFF,
    ("POST", "/titles/{mms_id}/items"): only(OPERATOR, ADMIN),
    # approvals
    ("GET", "/approvals"): APPROVERS,
    ("PATCH", "/requests/{id}/approval"): APPROVERS,
    ("POST", "/requests/{id}/approve"): APPROVERS,
    ("POST", "/requests/{id}/reject"): APPROVERS,
    ("POST", "/requests/{id}/attachments"): APPROVERS,
    ("GET", "/requests/{id}/attachments"): APPROVERS,
    ("PATCH", "/requests/{id}/attachments/{att_id}"): APPROVERS,
    ("DELETE", "/requests/{id}/attachments/{att_id}"): APPROVERS,
    ("GET", "/requests/{id}/attachments/{att_id}"): APPROVERS,
    # delivery
    ("POST", "/requests/{id}/files"): only(OPERATOR),
    ("GET", "/requests/{id}/files"): STAFF,
    ("PATCH", "/requests/{id}/files/{file_id}"): only(OPERATOR),
    ("DELETE", "/requests/{id}/files/{file_id}"): only(OPERATOR),
    ("GET", "/requests/{id}/files/{file_id}"): STAFF,
    ("POST", "/requests/{id}/deliver"): only(OPERATOR),
    ("GET", "/downloads/{token}"): SIGNED_IN,
    ("GET", "/downloads/{token}/status"): SIGNED_IN,
    # rules
    ("GET", "/rules"): only(ADMIN),
    ("POST", "/rules"): only(ADMIN),
    ("GET", "/rules/{id}"): only(ADMIN),
    ("PUT", "/rules/{id}"): only(ADMIN),
    ("DELETE", "/rules/{id}"): only(ADMIN),
    ("GET", "/rules/{id}/history"): STAFF,
    ("POST", "/rules/{id}/duplicate"): only(ADMIN),
    ("POST", "/rules/{id}/move"): only(ADMIN),
    ("POST", "/rule-presets/{name}"): only(ADMIN),
    ("GET", "/rule-clauses"): only(ADMIN),
    ("POST", "/rules/evaluate"): STAFF,
    # departments
    ("GET", "/departments"): STAFF,
    ("POST", "/departments"): only(ADMIN),
    ("GET", "/departments/{code}"): STAFF,
    ("PUT", "/departments/{code}"): only(ADMIN),
    ("DELETE", "/departments/{code}"): only(ADMIN),
    ("GET", "/copyright-publishers"): STAFF,
    ("POST", "/copyright-publishers"): only(ADMIN),
    ("PUT", "/copyright-publishers/{code}"): only(ADMIN),
    ("DELETE", "/copyright-publishers/{code}"): only(ADMIN),
    ("GET", "/copyright-publishers/history"): STAFF,
    # access rights and the viewer
    ("GET", "/access-rights"): only(ADMIN),
    ("POST", "/access-rights"): only(ADMIN),
    ("GET", "/access-rights/{id}"): only(ADMIN),
    ("PUT", "/access-rights/{id}"): only(ADMIN),
    ("DELETE", "/access-rights/{id}"): only(ADMIN),
    ("GET", "/access-rights/{id}/history"): STAFF,
    ("POST", "/access-rights/{id}/duplicate"): only(ADMIN),
    ("POST", "/access-rights/{id}/rules/{rule_id}/move"): only(ADMIN),
    ("GET", "/access-rights/{id}/representations"): only(ADMIN),
    ("GET", "/representations/{id}"): SIGNED_IN,
    ("POST", "/representations/{id}/accept-declaration"): SIGNED_IN,
    ("GET", "/representations/{id}/files/{file_id}"): SIGNED_IN,
    # declarations, code tables, settings
    ("GET", "/copyright-declarations"): SIGNED_IN,
    ("GET", "/copyright-declarations/{form}"): SIGNED_IN,
    ("PUT", "/copyright-declarations/{form}"): only(ADMIN),
    ("DELETE", "/copyright-declarations/{form}"): only(ADMIN),
    ("GET", "/copyright-declarations/{form}/history"): STAFF,
    ("GET", "/resource-sharing-copyright-declaration"): SIGNED_IN,
    ("PUT", "/resource-sharing-copyright-declaration"): only(ADMIN),
    ("GET", "/resource-sharing-copyright-declaration/history"): STAFF,
    ("GET", "/citation-copyright-defaults"): STAFF,
    ("PUT", "/citation-copyright-defaults"): only(ADMIN),
    ("GET", "/citation-copyright-defaults/history"): STAFF,
    ("GET", "/rs-copyright-statuses"): STAFF,
    ("PUT", "/rs-copyright-statuses/{code}"): only(ADMIN),
    ("GET", "/rs-copyright-statuses/history"): STAFF,
    ("GET", "/letter-templates"): STAFF,
    ("GET", "/letter-templates/{kind}"): STAFF,
    ("PUT", "/letter-templates/{kind}"): only(ADMIN),
    ("DELETE", "/letter-templates/{kind}"): only(ADMIN),
    ("GET", "/letter-templates/{kind}/history"): STAFF,
    ("GET", "/settings"): STAFF,
    ("PATCH", "/settings"): only(ADMIN),
    ("GET", "/settings/history"): STAFF,
    # compliance reports
    ("GET", "/reports/contu"): STAFF,
    ("GET", "/reports/cla"): STAFF,
    # documentation
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
}


#: The viewer decides for guests too (Registered = false, a user group "not in" a list): an event
#: without a sign-in reaches these routes, and access rights answer it. (In AWS the API's Cognito
#: authorizer stands in front of them, so only signed-in callers arrive there.)
GUESTS_WELCOME = frozenset(
    {
        ("GET", "/representations/{id}"),
        ("POST", "/representations/{id}/accept-declaration"),
        ("GET", "/representations/{id}/files/{file_id}"),
    }
)


def who_may(method: str, resource: str) -> Roles | None:
    """The roles that may call the route; None for a route this table does not know (refused)."""
    return WHO_MAY.get((method.upper(), resource))
