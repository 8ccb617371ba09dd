"""The compliance reports against hand-computed tables (SPEC §11), through the handlers against moto."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import boto3

from digitization.clock import clock
from local_stack.resources import Stack
from tests.integration.conftest import Invoke

NewRequest = Callable[..., dict[str, Any]]
YEAR = datetime.now(UTC).year
A, B = "0952-4649", "1741-7279"  # two periodicals
BOOK10, BOOK13 = "1-86189-411-2", "978-1-86189-411-3"  # one book, its ISBN-10 and ISBN-13


def article(
    new_request: NewRequest, issn: str, year: int, mms_id: str, *, course: str | None = None, **changes: Any
) -> str:
    """A request for an article of one issue of a periodical (the issue catalogued with its year)."""
    item = {
        "mms_id": mms_id,
        "title": f"Journal {issn}",
        "isbn": None,
        "issn": issn,
        "volume": str(year),
        "issue": "1",
        "publication_year": year,
        "material_type": "journal",
        "total_pages": 120,
    }
    created = new_request(
        item=item,
        request_type="course_related_digitization" if course else "staff_digitization",
        course={"id": course, "start": None, "end": None} if course else None,
        chapters=[],
        **changes,
    )
    rid: str = created["id"]
    return rid


def contu(call: Invoke, year: int, **how: Any) -> Any:
    return call("reports", "reports/contu", query={"year": str(year), **how.pop("query", {})}, **how)


def cla(call: Invoke, course: str, **how: Any) -> Any:
    return call("reports", "reports/cla", query={"course": course, **how.pop("query", {})}, **how)


def test_contu_counts_per_periodical_within_the_window(
    aws: Stack, call: Invoke, new_request: NewRequest
) -> None:
    counted_a = [
        article(new_request, A, YEAR, "m-a1", article_title="Now"),
        article(
            new_request, "09524649", YEAR - 5, "m-a2", article_title="Boundary in"
        ),  # ISSN without hyphen
    ]
    article(new_request, A, YEAR - 6, "m-a3", article_title="Boundary out")
    cancelled = article(new_request, A, YEAR - 1, "m-a4", article_title="Cancelled")
    call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": cancelled})
    counted_b = [article(new_request, B, YEAR - 2, f"m-b{n}", article_title=f"B{n}") for n in range(6)]
    with clock.at(datetime(YEAR - 1, 6, 1, tzinfo=UTC)):
        previous = article(new_request, A, YEAR - 2, "m-a5", article_title="Last year")

    report = contu(call, YEAR)
    assert report.status == 200, report.body
    assert report.body == {
        "year": YEAR,
        "periodicals": [
            {
                "issn": B,
                "title": f"Journal {B}",
                "count": 6,
                "limit": 5,
                "over_limit": True,
                "request_ids": sorted(counted_b),
            },
            {
                "issn": A,
                "title": "Journal 09524649",  # the newest request's (the cancelled one no longer counts)
                "count": 2,
                "limit": 5,
                "over_limit": False,
                "request_ids": sorted(counted_a),
            },
        ],
    }
    assert contu(call, YEAR - 1).body["periodicals"] == [
        {
            "issn": A,
            "title": f"Journal {A}",
            "count": 1,
            "limit": 5,
            "over_limit": False,
            "request_ids": [previous],
        }
    ]
    assert contu(call, YEAR - 2).body == {"year": YEAR - 2, "periodicals": []}


def test_cla_counts_per_course_and_work(aws: Stack, call: Invoke, new_request: NewRequest) -> None:
    def chapter(course: str, pages: str, chapters: list[str], isbn: str) -> str:
        item = {"mms_id": "m-book", "isbn": isbn, "total_pages": 220}
        created = new_request(course={"id": course}, pages=pages, chapters=chapters, item=item)
        rid: str = created["id"]
        return rid

    first = chapter("HIST101", "15-20", ["3"], BOOK10)
    overlapping = chapter("HIST101", "18-30", ["4"], BOOK13)
    withdrawn = chapter("HIST101", "100-120", ["9"], BOOK13)
    call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": withdrawn})
    other_course = chapter("HIST102", "1-30", ["1", "2"], BOOK10)
    articles = [
        article(
            new_request, A, YEAR, "m-issue", course="HIST101", pages="1-10", article_title="First article"
        ),
        article(
            new_request, A, YEAR, "m-issue", course="HIST101", pages="11-20", article_title="Second article"
        ),
    ]

    limit = "10% or 1 chapter, whichever is greater"
    hist101 = cla(call, "HIST101")
    assert hist101.status == 200, hist101.body
    assert hist101.body == {
        "course": "HIST101",
        "works": [
            {
                "key": f"issue:{A}:{YEAR}:1",
                "title": f"Journal {A}",
                "pages_copied": 20,  # 1-10 and 11-20 of 120
                "total_pages": 120,
                "percent": 16.67,
                "chapters": 2,  # two articles of the issue
                "limit": limit,
                "over_limit": True,
                "request_ids": sorted(articles),
            },
            {
                "key": "isbn:9781861894113",
                "title": "Ornament and Crime",
                "pages_copied": 16,  # 15-20 and 18-30 overlap: 15-30
                "total_pages": 220,
                "percent": 7.27,
                "chapters": 2,
                "limit": limit,
                "over_limit": False,  # two chapters, but under 10%: within the greater limit
                "request_ids": sorted([first, overlapping]),
            },
        ],
    }
    hist102 = cla(call, "HIST102").body["works"]
    assert [(w["pages_copied"], w["percent"], w["chapters"], w["over_limit"]) for w in hist102] == [
        (30, 13.64, 2, True)
    ]
    assert hist102[0]["request_ids"] == [other_course]


def test_a_pages_edit_before_scan_in_moves_the_tally(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request(pages="35-40", item={"total_pages": 220})["id"]
    assert cla(call, "HIST101").body["works"][0]["pages_copied"] == 6
    call("update_request", "update_request/pages", path_params={"id": rid}, body={"pages": "35-60"})
    assert cla(call, "HIST101").body["works"][0]["pages_copied"] == 26
    call(
        "update_request",
        "update_request/pages",
        path_params={"id": rid},
        body={"course": {"id": "HIST999", "start": "2016-01-01", "end": "2016-06-30"}},
    )
    assert cla(call, "HIST101").body["works"] == [], "it left the old course"
    assert cla(call, "HIST999").body["works"][0]["request_ids"] == [rid]


def test_csv_is_the_same_rows(call: Invoke, new_request: NewRequest) -> None:
    article(new_request, A, YEAR, "m-a1", article_title="One")
    as_json = contu(call, YEAR).body["periodicals"]
    for how in ({"query": {"format": "csv"}}, {"headers": {"Accept": "text/csv"}}):
        reply = contu(call, YEAR, **how)
        assert reply.status == 200
        assert reply.headers["Content-Type"].startswith("text/csv")
        assert reply.headers["Content-Disposition"] == f'attachment; filename="contu-{YEAR}.csv"'
        rows = list(csv.DictReader(io.StringIO(reply.body)))
        assert list(rows[0]) == ["issn", "title", "count", "limit", "over_limit", "request_ids"]
        assert [
            {
                **row,
                "count": int(row["count"]),
                "limit": int(row["limit"]),
                "over_limit": row["over_limit"] == "True",
            }
            for row in rows
        ] == [{**row, "request_ids": " ".join(row["request_ids"])} for row in as_json]
    empty = cla(call, "NOBODY", query={"format": "csv"})
    assert empty.body.splitlines() == [
        "key,title,pages_copied,total_pages,percent,chapters,limit,over_limit,request_ids"
    ]


def test_reports_are_for_staff(call: Invoke) -> None:
    assert contu(call, YEAR, user="patron1").status == 403
    assert cla(call, "HIST101", user="patron1").status == 403
    assert contu(call, YEAR, user="operator1").status == 200
    bad_year = call("reports", "reports/contu", query={"year": "nineteen"})
    assert (bad_year.status, bad_year.body["error"]["field"]) == (422, "year")


def test_the_contu_preset_and_the_report_agree(call: Invoke, new_request: NewRequest) -> None:
    assert (
        call("rules", "rules/preset", user="admin1", path_params={"name": "contu_rule_of_five"}).status == 201
    )

    def scanned(year: int, n: int) -> dict[str, Any]:
        rid = article(new_request, B, year, f"m-c{year}", article_title=f"Article {n}")
        reply = call("scan_in", "scan_in/at_digi_main", path_params={"id": rid})
        assert reply.status == 200, reply.body
        body: dict[str, Any] = reply.body
        return body

    old = [scanned(YEAR - 10, n) for n in range(5)]  # five copies from an old issue: outside the window
    assert all(r["applied_rule"]["is_default"] for r in old), "an old issue is outside CONTU"
    new = [scanned(YEAR, n) for n in range(5)]
    assert all(r["applied_rule"]["is_default"] for r in new), "five are within the rule of five"
    assert contu(call, YEAR).body["periodicals"][0]["count"] == 5
    sixth = scanned(YEAR, 5)
    assert sixth["applied_rule"]["name"] == "CONTU rule of five", "the sixth in the window needs clearance"
    assert [t["type"] for t in sixth["tasks"]] == ["copyright_clearance"]
    row = contu(call, YEAR).body["periodicals"][0]
    assert (row["count"], row["over_limit"]) == (6, True)
    trace = call("evaluate_rules", "evaluate_rules/for_a_request", body={"request_id": sixth["id"]}).body
    preset = next(t for t in trace["trace"] if t["name"] == "CONTU rule of five")
    assert preset["matched"] is True


def test_nothing_that_counts_expires(aws: Stack) -> None:
    dynamodb = boto3.client("dynamodb")
    for table in (aws.tables["RequestsTable"], aws.tables["ComplianceTable"]):
        ttl = dynamodb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
        assert ttl["TimeToLiveStatus"] == "DISABLED", table
    resources = aws.template.transformed["Resources"]
    assert resources["ComplianceTable"]["DeletionPolicy"] == "Retain"
    assert resources["RequestsTable"]["DeletionPolicy"] == "Retain"


def test_each_request_that_counts_has_its_own_item_and_a_withdrawal_deletes_it(
    aws: Stack, call: Invoke, new_request: NewRequest
) -> None:
    kept, withdrawn = (article(new_request, A, YEAR, f"m-i{n}", article_title=f"A{n}") for n in range(2))
    call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": withdrawn})
    items = (
        boto3.resource("dynamodb")
        .Table(aws.tables["ComplianceTable"])
        .query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"CONTU#{YEAR}"})["Items"]
    )
    assert [(i["sk"], i["row"], i["request_id"]) for i in items] == [(f"ISSN#{A}#{kept}", f"ISSN#{A}", kept)]
    assert items[0]["part"] == {"volume": str(YEAR), "issue": "1", "year": YEAR}
