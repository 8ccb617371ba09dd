"""Copyright declarations and the resource sharing declaration through the handler, against moto."""

from __future__ import annotations

from typing import Any

import pytest

from digitization.data.declarations import DECLARATIONS_PK, RS_DECLARATION_SK
from digitization.data.models import ConfigRecord
from digitization.domain.declarations import FORMS, DeclarationForm
from tests.integration.conftest import Invoke

FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}
TEXT = "Private study only.\n--fr--\nÉtude privée seulement.\n--de--\nNur privates Studium."


def declaration(call: Invoke, form: str = "copyrights_1", **how: Any) -> Any:
    return call("copyright_declarations", "copyright_declarations/get", path_params={"form": form}, **how)


def test_list_shows_the_five_forms_with_their_state(call: Invoke) -> None:
    listed = call("copyright_declarations", "copyright_declarations/list")
    assert listed.status == 200
    assert [d["file_name"] for d in listed.body] == [info.file_name for info in FORMS.values()]
    assert all(d["customized"] is False and d["text"] == d["default_text"] for d in listed.body)
    call("copyright_declarations", "copyright_declarations/customize", body={"text": TEXT})
    states = {
        d["form"]: d["customized"] for d in call("copyright_declarations", "copyright_declarations/list").body
    }
    assert states == {form.value: form is DeclarationForm.COPYRIGHTS_1 for form in DeclarationForm}


def test_customize_view_default_and_restore(call: Invoke) -> None:
    customized = call("copyright_declarations", "copyright_declarations/customize", body={"text": TEXT})
    assert customized.status == 200
    assert (customized.body["customized"], customized.body["languages"]) == (True, ["fr", "de"])
    assert customized.body["updated_by"] == "admin1"
    seen = declaration(call, headers=FRENCH)
    assert seen.body["text"] == TEXT
    assert seen.body["default_text"] == FORMS[DeclarationForm.COPYRIGHTS_1].default_text, "view default"
    assert seen.body["shown"] == {"language": "fr", "text": "Étude privée seulement."}
    by_file = declaration(call, "copyrights1.html", headers={"Accept-Language": "de"})
    assert by_file.body["shown"]["text"] == "Nur privates Studium."
    fallback = declaration(call, headers={"Accept-Language": "it"})
    assert fallback.body["shown"] == {"language": None, "text": "Private study only."}
    restored = call("copyright_declarations", "copyright_declarations/restore")
    assert restored.status == 204
    back = declaration(call)
    assert (back.body["customized"], back.body["text"]) == (False, back.body["default_text"])
    assert call("copyright_declarations", "copyright_declarations/restore").status == 204, (
        "restoring twice is fine"
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<p>Private study only.</p>", "HTML"),
        ("Read <a href='/terms'>the terms</a>", "HTML"),
        ("Hello\n--fr--\n", "--fr-- section is empty"),
        ("   ", "empty"),
    ],
)
def test_bad_text_is_a_422(call: Invoke, text: str, words: str) -> None:
    reply = call("copyright_declarations", "copyright_declarations/customize", body={"text": text})
    assert reply.status == 422
    assert reply.body["error"]["field"] == "text"
    assert words in reply.body["error"]["message"]
    assert declaration(call).body["customized"] is False, "nothing stored"


def test_roles_and_unknown_forms(call: Invoke) -> None:
    assert declaration(call, user="patron1").status == 200, "patrons read declarations"
    refused = call("copyright_declarations", "copyright_declarations/customize", user="manager1")
    assert refused.status == 403
    assert call("copyright_declarations", "copyright_declarations/restore", user="patron1").status == 403
    unknown = declaration(call, "copyrights3.html")
    assert unknown.status == 404
    assert "copyrights1.html" in unknown.body["error"]["message"]
    missing = call(
        "copyright_declarations",
        "copyright_declarations/customize",
        path_params={"form": "nope"},
        body={"text": "x"},
    )
    assert missing.status == 404


def test_resource_sharing_declaration(call: Invoke) -> None:
    empty = call("copyright_declarations", "copyright_declarations/rs_get")
    assert empty.status == 200
    assert (empty.body["content"], empty.body["enabled"]) == ("", False)
    saved = call("copyright_declarations", "copyright_declarations/rs_save")
    assert saved.status == 200
    assert saved.body["enabled"] is True
    assert saved.body["updated_by"] == "admin1"
    seen = call("copyright_declarations", "copyright_declarations/rs_get", user="patron1")
    assert seen.body["content"] == "Copies from partner libraries are for private study only."
    no_content = call(
        "copyright_declarations", "copyright_declarations/rs_save", body={"content": " ", "enabled": True}
    )
    assert (no_content.status, no_content.body["error"]["field"]) == (422, "content")
    html = call(
        "copyright_declarations",
        "copyright_declarations/rs_save",
        body={"content": "<b>x</b>", "enabled": False},
    )
    assert (html.status, html.body["error"]["field"]) == (422, "content")
    disabled = call(
        "copyright_declarations", "copyright_declarations/rs_save", body={"content": "", "enabled": False}
    )
    assert (disabled.status, disabled.body["enabled"], disabled.body["content"]) == (200, False, "")
    assert call("copyright_declarations", "copyright_declarations/rs_save", user="patron1").status == 403


def test_a_text_changed_on_an_older_version_is_refused(call: Invoke) -> None:
    """Two administrators open the form; the second to save, from what they read, is refused (409)."""
    read = declaration(call).body["version"]
    assert read == 0, "a form never customized is at version 0"
    first = call(
        "copyright_declarations", "copyright_declarations/customize", body={"text": "First.", "version": read}
    )
    assert (first.status, first.body["version"]) == (200, 1)
    assert declaration(call).body["version"] == 1, "a read says the version too"
    second = call(
        "copyright_declarations",
        "copyright_declarations/customize",
        body={"text": "Second.", "version": read},
    )
    assert second.status == 409, second.body
    assert second.body["error"]["field"] == "version"
    assert declaration(call).body["text"] == "First."
    listed = call("copyright_declarations", "copyright_declarations/list").body
    assert [d["version"] for d in listed if d["form"] == "copyrights_1"] == [1]
    unversioned = call("copyright_declarations", "copyright_declarations/customize", body={"text": "Third."})
    assert (unversioned.status, unversioned.body["version"]) == (200, 2)


def test_the_resource_sharing_declaration_changed_on_an_older_version_is_refused(call: Invoke) -> None:
    def save(**body: Any) -> Any:
        return call("copyright_declarations", "copyright_declarations/rs_save", body=body)

    read = call("copyright_declarations", "copyright_declarations/rs_get").body["version"]
    assert save(content="Partner copies: private study.", enabled=True, version=read).status == 200
    stale = save(content="", enabled=False, version=read)
    assert (stale.status, stale.body["error"]["field"]) == (409, "version")
    kept = call("copyright_declarations", "copyright_declarations/rs_get").body
    assert (kept["enabled"], kept["version"]) == (True, read + 1)
    stored = ConfigRecord.get(DECLARATIONS_PK, RS_DECLARATION_SK).doc.as_dict()
    assert "version" not in stored, "the version the edit named is not stored in the document"


def test_a_version_read_before_a_restore_never_comes_round_again(call: Invoke) -> None:
    """Restore empties the item instead of deleting it, so versions only grow: a page that read
    version 1 is still refused after a colleague restored and customized again."""

    def customize(text: str, version: int | None = None) -> Any:
        body = {"text": text} if version is None else {"text": text, "version": version}
        return call("copyright_declarations", "copyright_declarations/customize", body=body)

    def restore(version: int | None = None) -> Any:
        query = {} if version is None else {"version": str(version)}
        return call("copyright_declarations", "copyright_declarations/restore", query=query)

    read = customize("First.").body["version"]
    stale_restore = restore(read - 1)
    assert (stale_restore.status, stale_restore.body["error"]["field"]) == (409, "version")
    assert declaration(call).body["text"] == "First.", "a stale restore restores nothing"
    assert restore(read).status == 204
    restored = declaration(call).body
    assert (restored["customized"], restored["version"]) == (False, read + 1)
    assert customize("Second.").body["version"] == read + 2
    late = customize("From the old page.", read)
    assert (late.status, late.body["error"]["field"]) == (409, "version")
    assert declaration(call).body["text"] == "Second."


def test_saving_the_same_text_again_changes_nothing_not_even_who_and_when(call: Invoke) -> None:
    first = call("copyright_declarations", "copyright_declarations/customize", body={"text": "Same."}).body
    again = call("copyright_declarations", "copyright_declarations/customize", body={"text": "Same."}).body
    assert (again["version"], again["updated_at"], again["updated_by"]) == (
        first["version"],
        first["updated_at"],
        first["updated_by"],
    )
