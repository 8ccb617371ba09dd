"""Reverse DNS with a time limit and forward confirmation; the patron facts read from an event."""

from __future__ import annotations

import socket
import threading

from digitization.patrons import patron_from_event
from digitization.resolver import reverse_dns


def test_a_confirmed_host_name() -> None:
    host = reverse_dns(
        "66.249.66.1",
        reverse=lambda ip: "crawl-66-249-66-1.googlebot.com",
        forward=lambda host: {"66.249.66.1", "2001:4860:4801::1"},
    )
    assert host == "crawl-66-249-66-1.googlebot.com"


def test_a_host_name_that_does_not_resolve_back_is_ignored() -> None:
    host = reverse_dns(
        "203.0.113.9", reverse=lambda ip: "crawl.googlebot.com", forward=lambda host: {"66.249.66.1"}
    )
    assert host is None


def test_lookup_failures_are_no_host() -> None:
    def fails(ip: str) -> str:
        raise socket.herror(1, "Unknown host")

    assert reverse_dns("192.0.2.1", reverse=fails, forward=lambda host: set()) is None


def test_a_slow_lookup_is_abandoned_at_the_time_limit() -> None:
    release = threading.Event()
    answered = threading.Event()

    def slow(ip: str) -> str:
        release.wait(5)
        answered.set()
        return "late.example.edu"

    assert reverse_dns("192.0.2.1", timeout=0.1, reverse=slow, forward=lambda host: {"192.0.2.1"}) is None
    assert not answered.is_set(), "the caller did not wait for the lookup's answer"
    release.set()


def event(claims: dict[str, str] | None, ip: str | None = "198.51.100.7") -> dict[str, object]:
    context: dict[str, object] = {"identity": {"sourceIp": ip}}
    if claims is not None:
        context["authorizer"] = {"claims": claims}
    return {
        "requestContext": context,
        "headers": {"accept-language": "fr", "X-Forwarded-For": "10.0.0.1"},
    }


def test_patron_from_claims() -> None:
    patron = patron_from_event(
        event(
            {
                "cognito:username": "p-100",
                "cognito:groups": "patron",
                "custom:user_group": " graduate ",
                "custom:leganto_user": "True",
            }
        )
    )
    assert patron.caller is not None
    assert (patron.caller.username, patron.user_group, patron.leganto_user) == ("p-100", "graduate", True)
    assert patron.source_ip == "198.51.100.7", "API Gateway's source address, not X-Forwarded-For"
    assert patron.accept_language == "fr"
    assert patron.key == "p-100"


def test_patron_without_custom_claims() -> None:
    patron = patron_from_event(event({"cognito:username": "p-1", "cognito:groups": "patron"}))
    assert (patron.user_group, patron.leganto_user) == (None, False)


def test_guest() -> None:
    patron = patron_from_event(event(None))
    assert patron.caller is None
    assert patron.key == "guest@198.51.100.7"
    assert patron_from_event(event(None, ip=None)).source_ip is None
