"""Write the sample events in events/ (API Gateway REST proxy events with Cognito claims).

    python scripts/sample_events.py

One folder per function, one file per case; usable with `sam local invoke -e` and by the tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from local_stack.demo import CREATE_BODY, RULE_BODY, TITLE_FACTS  # noqa: E402  (the SPEC §9.1 examples)
from local_stack.users import DEMO_USERS  # noqa: E402

REQUEST_ID = "0f8e7d6c5b4a49388271605f4e3d2c1b"
NOTE_ID = "7a6b5c4d3e2f41a0b9c8d7e6f5a4b3c2"
RULE_ID = "5e4d3c2b1a0948f7a6b5c4d3e2f1a0b9"
POLICY_ID = "3c2b1a09f8e74d6c5b4a39281706f5e4"
POLICY_RULE_ID = "staff-download"
REPRESENTATION_ID = "8f7e6d5c4b3a42918070f6e5d4c3b2a1"
FILE_ID = "chapter-3"

POLICY_BODY: dict[str, Any] = {
    "name": "Campus readers",
    "description": "Embargoed for a year; then staff download, on-campus readers view three at a time.",
    "copyright_declaration": "copyrights_1",
    "obtrusive": True,
    "denied_note": "This item can be read on campus only. Ask at the library desk.",
    "rules": [
        {
            "id": "embargo",
            "name": "Embargoed for a year",
            "description": "",
            "enabled": True,
            "parameters": [
                {
                    "name": "embargo",
                    "operator": "before",
                    "value": {"base": "representation_creation_date", "amount": 1, "unit": "years"},
                }
            ],
            "output": {"access": "deny"},
        },
        {
            "id": POLICY_RULE_ID,
            "name": "Staff download",
            "description": "",
            "enabled": True,
            "parameters": [{"name": "user_group", "operator": "in_list", "value": ["staff", "faculty"]}],
            "output": {"access": "allow", "allow_download": True},
        },
        {
            "id": "campus",
            "name": "On campus, three readers at a time",
            "description": "",
            "enabled": True,
            "parameters": [
                {"name": "ip_range", "operator": "=", "value": "10.0.0.0 - 10.255.255.255"},
                {"name": "concurrent_user", "operator": "=", "value": {"users": 3, "minutes": 60}},
            ],
            "output": {"access": "allow", "allow_download": False},
        },
    ],
    "default_rule": {"access": "deny"},
}

USERS = {
    "patron": ("patron1", "patron"),
    "operator": ("operator1", "work-order-operator"),
    "manager": ("manager1", "fulfillment-services-manager"),
    "admin": ("admin1", "fulfillment-admin"),
}


def claims(role: str) -> dict[str, str]:
    username, group = USERS[role]
    user = DEMO_USERS[group]
    return {
        "sub": f"00000000-0000-4000-8000-{sum(map(ord, username)):012d}",
        "cognito:username": username,
        "cognito:groups": group,
        "email": f"{username}@example.edu",
        "email_verified": "true",
        "custom:user_group": user.user_group,
        "custom:status": user.status,
        "custom:leganto_user": "true" if user.leganto_user else "false",
        "token_use": "id",
        "aud": "local-client-id",
        "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LOCAL",
    }


def event(
    method: str,
    resource: str,
    path_params: dict[str, str] | None = None,
    body: Any = None,
    query: dict[str, str] | None = None,
    role: str | None = "operator",
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    path = resource
    for key, value in (path_params or {}).items():
        path = path.replace("{" + key + "}", value)
    all_headers = {
        "Accept": "application/json",
        "Host": "abc123.execute-api.us-east-1.amazonaws.com",
        "User-Agent": "curl/8.5.0",
        "X-Forwarded-For": "192.0.2.10",
        **({"Content-Type": "application/json"} if body is not None else {}),
        **(headers or {}),
    }
    context: dict[str, Any] = {
        "resourcePath": resource,
        "httpMethod": method,
        "path": f"/dev{path}",
        "stage": "dev",
        "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "accountId": "123456789012",
        "apiId": "abc123",
        "protocol": "HTTP/1.1",
        "requestTimeEpoch": 1795600000000,
        "identity": {"sourceIp": "192.0.2.10", "userAgent": "curl/8.5.0"},
    }
    if role is not None:
        context["authorizer"] = {"claims": claims(role)}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {k: [v] for k, v in all_headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": path_params,
        "stageVariables": None,
        "requestContext": context,
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def scheduled(rule: str) -> dict[str, Any]:
    """An EventBridge "Scheduled Event", as the template's Schedule events send."""
    return {
        "version": "0",
        "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": "2026-11-25T12:00:00Z",
        "region": "us-east-1",
        "resources": [f"arn:aws:events:us-east-1:123456789012:rule/{rule}"],
        "detail": {},
    }


def access_events() -> dict[str, dict[str, Any]]:
    """Access rights, digital objects, declarations, code tables and settings."""
    policy = {"id": POLICY_ID}
    representation = {"id": REPRESENTATION_ID}
    french = {"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}
    return {
        "access_rights/list": event("GET", "/access-rights", role="admin"),
        "access_rights/create": event("POST", "/access-rights", body=POLICY_BODY, role="admin"),
        "access_rights/get": event("GET", "/access-rights/{id}", policy, role="admin"),
        "access_rights/update": event(
            "PUT", "/access-rights/{id}", policy, {**POLICY_BODY, "obtrusive": False}, role="admin"
        ),
        "access_rights/delete": event("DELETE", "/access-rights/{id}", policy, role="admin"),
        "access_rights/duplicate": event("POST", "/access-rights/{id}/duplicate", policy, role="admin"),
        "access_rights/move_rule": event(
            "POST",
            "/access-rights/{id}/rules/{rule_id}/move",
            {**policy, "rule_id": POLICY_RULE_ID},
            {"direction": "up"},
            role="admin",
        ),
        "access_rights/history": event("GET", "/access-rights/{id}/history", policy, role="manager"),
        "access_rights/related": event("GET", "/access-rights/{id}/representations", policy, role="admin"),
        "representations/view": event(
            "GET", "/representations/{id}", representation, role="patron", headers=french
        ),
        "representations/accept_declaration": event(
            "POST", "/representations/{id}/accept-declaration", representation, role="patron"
        ),
        "representations/file": event(
            "GET",
            "/representations/{id}/files/{file_id}",
            {**representation, "file_id": FILE_ID},
            role="patron",
        ),
        "copyright_declarations/list": event("GET", "/copyright-declarations", role="admin"),
        "copyright_declarations/get": event(
            "GET", "/copyright-declarations/{form}", {"form": "copyrights_1"}, role="patron", headers=french
        ),
        "copyright_declarations/customize": event(
            "PUT",
            "/copyright-declarations/{form}",
            {"form": "copyrights_1"},
            {
                "text": "For private study and research only.\n--fr--\nPour étude privée et recherche seulement.\n"
                "--de--\nNur für privates Studium und Forschung.\n"
            },
            role="admin",
        ),
        "copyright_declarations/restore": event(
            "DELETE", "/copyright-declarations/{form}", {"form": "copyrights_1"}, role="admin"
        ),
        "copyright_declarations/history": event(
            "GET", "/copyright-declarations/{form}/history", {"form": "copyrights_1"}, role="admin"
        ),
        "copyright_declarations/rs_history": event(
            "GET", "/resource-sharing-copyright-declaration/history", query={"limit": "10"}, role="admin"
        ),
        "copyright_declarations/rs_get": event(
            "GET", "/resource-sharing-copyright-declaration", role="patron"
        ),
        "copyright_declarations/rs_save": event(
            "PUT",
            "/resource-sharing-copyright-declaration",
            body={"content": "Copies from partner libraries are for private study only.", "enabled": True},
            role="admin",
        ),
        "code_tables/citation_defaults_get": event("GET", "/citation-copyright-defaults", role="admin"),
        "code_tables/citation_defaults_set": event(
            "PUT",
            "/citation-copyright-defaults",
            body={
                "repository": {"digital": "waiting", "electronic": "not_needed", "physical": "not_needed"},
                "non_repository": "in_process",
                "brief": "not_needed",
            },
            role="admin",
        ),
        "code_tables/citation_defaults_history": event(
            "GET", "/citation-copyright-defaults/history", role="manager"
        ),
        "code_tables/rs_statuses_history": event("GET", "/rs-copyright-statuses/history", role="manager"),
        "code_tables/rs_statuses_list": event("GET", "/rs-copyright-statuses", role="admin"),
        "code_tables/rs_status_describe": event(
            "PUT",
            "/rs-copyright-statuses/{code}",
            {"code": "CCG"},
            {"description": "Conforms to the CONTU guidelines (CCG)"},
            role="admin",
        ),
        "letter_templates/list": event("GET", "/letter-templates", role="manager"),
        "letter_templates/get": event(
            "GET", "/letter-templates/{kind}", {"kind": "delivered_link"}, role="manager"
        ),
        "letter_templates/customize": event(
            "PUT",
            "/letter-templates/{kind}",
            {"kind": "delivered_link"},
            {
                "subject": "Your copy of {title} is ready\n--fr--\nVotre copie de {title} est prête",
                "text": "Sign in with your library card and download {what} here: {link}\n"
                "The link works {views} times, until {expires}.\n"
                "--fr--\nConnectez-vous avec votre carte de bibliothèque et téléchargez {what} ici : {link}\n"
                "Le lien sert {views} fois, jusqu'au {expires}.",
            },
            role="admin",
        ),
        "letter_templates/restore": event(
            "DELETE", "/letter-templates/{kind}", {"kind": "delivered_link"}, role="admin"
        ),
        "letter_templates/history": event(
            "GET", "/letter-templates/{kind}/history", {"kind": "delivered_link"}, role="admin"
        ),
        "settings/get": event("GET", "/settings", role="manager"),
        "settings/change": event(
            "PATCH",
            "/settings",
            body={"rs_borrower_copyright_management": True, "download_reuse_window_seconds": 300},
            role="admin",
        ),
        "settings/history": event("GET", "/settings/history", query={"limit": "10"}, role="admin"),
        "reports/contu": event("GET", "/reports/contu", query={"year": "2026"}, role="manager"),
        "reports/cla": event("GET", "/reports/cla", query={"course": "HIST101"}, role="manager"),
        "reports/cla_csv": event(
            "GET", "/reports/cla", query={"course": "HIST101", "format": "csv"}, role="manager"
        ),
    }


def events() -> dict[str, dict[str, Any]]:
    one = {"id": REQUEST_ID}
    rule = {"id": RULE_ID}
    return {
        "create_request/patron_course_chapter": event(
            "POST",
            "/requests",
            body=CREATE_BODY,
            role="patron",
            headers={"Idempotency-Key": "4c1d9a52-demo-create-1"},
        ),
        "list_requests/by_status": event("GET", "/requests", query={"status": "IN_TRANSIT", "limit": "25"}),
        "list_requests/by_barcode": event(
            "GET", "/requests", query={"barcode": "B0001", "status": "IN_TRANSIT"}, role="operator"
        ),
        "get_request/one": event("GET", "/requests/{id}", one, role="patron"),
        "scan_in/at_digi_main": event("POST", "/requests/{id}/scan-in", one, {"department": "DIGI-MAIN"}),
        "scan_in/barcode_at_digi_main": event(
            "POST", "/departments/{code}/scan-in", {"code": "DIGI-MAIN"}, {"barcode": "B0001"}
        ),
        "scan_in/locate_at_digi_main": event(
            "POST", "/requests/{id}/locate", one, {"department": "DIGI-MAIN"}
        ),
        "next_step/at_digi_main": event("POST", "/requests/{id}/next-step", one, {"department": "DIGI-MAIN"}),
        "departments/list": event("GET", "/departments"),
        "departments/add": event(
            "POST",
            "/departments",
            body={"code": "DIGI-ANNEX", "name": "Digitization annex", "kind": "digitization"},
            role="admin",
        ),
        "departments/get": event("GET", "/departments/{code}", {"code": "DIGI-MAIN"}),
        "departments/edit": event(
            "PUT",
            "/departments/{code}",
            {"code": "DIGI-ANNEX"},
            {"name": "Digitization annex (closed)", "kind": "other"},
            role="admin",
        ),
        "departments/remove": event("DELETE", "/departments/{code}", {"code": "DIGI-ANNEX"}, role="admin"),
        "cancel_request/by_patron_wish": event(
            "POST",
            "/requests/{id}/cancel",
            one,
            {"reason": "cancelled_by_patron", "note": "Patron found a copy in the library."},
        ),
        "change_status/to_delivery_step": event(
            "POST",
            "/requests/{id}/status",
            one,
            {
                "status": "DOCUMENT_DELIVERY",
                "department": "DIGI-MAIN",
                "note": "Scanned on the overhead scanner; next step from the desk.",
            },
        ),
        "change_digitization/to_electronic": event(
            "POST", "/requests/{id}/change-digitization", one, {"to": "electronic"}
        ),
        "update_request/pages": event("PATCH", "/requests/{id}", one, {"pages": "35-42"}),
        "notes/add": event(
            "POST", "/requests/{id}/notes", one, {"text": "Spine is fragile: use the book cradle."}
        ),
        "notes/find": event("GET", "/requests/{id}/notes", one, query={"find": "cradle", "field": "note"}),
        "notes/edit": event(
            "PATCH",
            "/requests/{id}/notes/{note_id}",
            {**one, "note_id": NOTE_ID},
            {"text": "Spine is fragile: cradle, no flattening."},
        ),
        "notes/delete": event("DELETE", "/requests/{id}/notes/{note_id}", {**one, "note_id": NOTE_ID}),
        "catalogue/find_titles": event("GET", "/titles", query={"find": "ornament crime"}, role="patron"),
        "catalogue/get_title": event("GET", "/titles/{mms_id}", {"mms_id": "991234"}),
        "catalogue/put_title": event(
            "PUT", "/titles/{mms_id}", {"mms_id": "991234"}, TITLE_FACTS, role="admin"
        ),
        "catalogue/list": event("GET", "/titles/{mms_id}/items", {"mms_id": "991234"}),
        "catalogue/add": event(
            "POST",
            "/titles/{mms_id}/items",
            {"mms_id": "991234"},
            {
                "barcode": "E0001",
                "kind": "electronic",
                "title": "Ornament and Crime",
                "description": "Publisher PDF",
            },
            role="admin",
        ),
        "rules/list": event("GET", "/rules", role="admin"),
        "rules/create": event("POST", "/rules", body=RULE_BODY, role="admin"),
        "rules/get": event("GET", "/rules/{id}", rule, role="admin"),
        "rules/update": event("PUT", "/rules/{id}", rule, {**RULE_BODY, "enabled": False}, role="admin"),
        "rules/delete": event("DELETE", "/rules/{id}", rule, role="admin"),
        "rules/history": event("GET", "/rules/{id}/history", rule, query={"limit": "10"}, role="admin"),
        "rules/duplicate": event("POST", "/rules/{id}/duplicate", rule, role="admin"),
        "rules/move": event("POST", "/rules/{id}/move", rule, {"direction": "up"}, role="admin"),
        "rules/preset": event("POST", "/rule-presets/{name}", {"name": "contu_rule_of_five"}, role="admin"),
        "rules/clauses": event("GET", "/rule-clauses", role="admin"),
        "evaluate_rules/for_a_body": event(
            "POST", "/rules/evaluate", body={"request": CREATE_BODY}, role="admin"
        ),
        "evaluate_rules/for_a_request": event(
            "POST", "/rules/evaluate", body={"request_id": REQUEST_ID}, role="admin"
        ),
        "applied_rule/get": event("GET", "/requests/{id}/rule", one, role="manager"),
        "copyright_publishers/list": event("GET", "/copyright-publishers", role="admin"),
        "copyright_publishers/history": event("GET", "/copyright-publishers/history", role="manager"),
        "copyright_publishers/add": event(
            "POST", "/copyright-publishers", body={"code": "ARIADNE", "name": "Ariadne Press"}, role="admin"
        ),
        "copyright_publishers/edit": event(
            "PUT",
            "/copyright-publishers/{code}",
            {"code": "ARIADNE"},
            {"name": "Ariadne Press Ltd"},
            role="admin",
        ),
        "copyright_publishers/remove": event(
            "DELETE", "/copyright-publishers/{code}", {"code": "ARIADNE"}, role="admin"
        ),
        "list_approvals/pending": event(
            "GET", "/approvals", query={"status": "pending", "limit": "25"}, role="manager"
        ),
        "list_approvals/by_record": event(
            "GET", "/approvals", query={"record_of": REQUEST_ID}, role="manager"
        ),
        "work_on_approval/cc_fields": event(
            "PATCH",
            "/requests/{id}/approval",
            one,
            {
                "cc_number": "CCC-2026-0042",
                "cc_order_date": "2026-11-02",
                "cc_approval_date": "2026-11-20",
                "note": "Licence confirmed",
            },
            role="manager",
        ),
        "decide_approval/approve": event(
            "POST",
            "/requests/{id}/approve",
            one,
            {"task": "approval", "reason": "Covered by License", "note": "Within licence"},
            role="manager",
        ),
        "decide_approval/reject": event(
            "POST",
            "/requests/{id}/reject",
            one,
            {"task": "approval", "reason": "Rejected by Manager", "note": "Too much of the work"},
            role="manager",
        ),
        "approval_attachments/add": event(
            "POST",
            "/requests/{id}/attachments",
            one,
            {
                "file_name": "clearance.pdf",
                "content_type": "application/pdf",
                "url": "https://www.copyright.com/",
                "note": "CCC confirmation",
            },
            role="manager",
        ),
        "approval_attachments/list": event("GET", "/requests/{id}/attachments", one, role="manager"),
        "approval_attachments/edit": event(
            "PATCH",
            "/requests/{id}/attachments/{att_id}",
            {**one, "att_id": NOTE_ID},
            {"note": "Signed copy"},
            role="manager",
        ),
        "approval_attachments/delete": event(
            "DELETE", "/requests/{id}/attachments/{att_id}", {**one, "att_id": NOTE_ID}, role="manager"
        ),
        "approval_attachments/download": event(
            "GET", "/requests/{id}/attachments/{att_id}", {**one, "att_id": NOTE_ID}, role="manager"
        ),
        "expire_requests/hourly": scheduled("ExpireRequestsFunctionHourly"),
        **access_events(),
        "delivery_files/start_upload": event(
            "POST",
            "/requests/{id}/files",
            one,
            {"department": "DIGI-MAIN", "file_name": "chapter-3.pdf", "content_type": "application/pdf"},
        ),
        "delivery_files/list": event("GET", "/requests/{id}/files", one),
        "delivery_files/add_url": event(
            "POST",
            "/requests/{id}/files",
            one,
            {
                "department": "DIGI-MAIN",
                "url": "https://doi.org/10.1093/jdh/epad001",
                "note": "The publisher's open access copy",
            },
        ),
        "delivery_files/edit": event(
            "PATCH",
            "/requests/{id}/files/{file_id}",
            {**one, "file_id": "a1b2c3d4e5f6"},
            {"name": "Loos - Ornament and Crime, ch. 3.pdf", "note": "Pages 35-40, checked"},
        ),
        "delivery_files/delete": event(
            "DELETE", "/requests/{id}/files/{file_id}", {**one, "file_id": "a1b2c3d4e5f6"}
        ),
        "delivery_files/download": event(
            "GET", "/requests/{id}/files/{file_id}", {**one, "file_id": "a1b2c3d4e5f6"}
        ),
        "deliver/as_the_rule_says": event("POST", "/requests/{id}/deliver", one, {"department": "DIGI-MAIN"}),
        "downloads/status": event(
            "GET",
            "/downloads/{token}/status",
            {"token": "q9Vx3kz1Q0yX1wzQj1mJd9m6d3Yb2QyFh1V8lQmJ0cE"},
            role="patron",
        ),
        "downloads/patron": event(
            "GET",
            "/downloads/{token}",
            {"token": "q9Vx3kz1Q0yX1wzQj1mJd9m6d3Yb2QyFh1V8lQmJ0cE"},
            role="patron",
        ),
        "cleanup_deliveries/hourly": scheduled("CleanupDeliveriesFunctionHourly"),
        "docs/openapi": event("GET", "/openapi.json", role=None),
        "docs/swagger_ui": event("GET", "/docs", role=None),
    }


def main() -> None:
    for name, sample in events().items():
        target = ROOT / "events" / f"{name}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(sample, indent=2) + "\n")
    print(f"wrote {len(events())} events")


if __name__ == "__main__":
    main()
