"""Telegram HTML → Bale Markdown, checked by the fake Bale server's own reading of the result."""

from __future__ import annotations

import pytest

from bot.bale import escape_markdown, html_to_bale
from bot.fakebotapi.errors import ApiError
from bot.fakebotapi.markdown import bale_text


@pytest.mark.parametrize(
    ("html", "markdown", "shown"),
    [
        ("<b>Hi</b> Sara_*x*", "*Hi* Sara\\_\\*x\\*", "Hi Sara_*x*"),
        ("<i>[a]</i> &lt;3 &amp; a\\b", "_\\[a\\]_ <3 & a\\\\b", "[a] <3 & a\\b"),
        ("<code>AB`C</code>", "`AB'C`", "AB'C"),
        ('<a href="https://ble.ir/x?start=ref_A">link</a>', "[link](https://ble.ir/x?start=ref_A)", "link"),
        ("<b>outer <i>inner</i></b> <u>under</u>", "*outer inner* under", "outer inner under"),
    ],
)
def test_html_becomes_markdown_that_reads_back_as_the_same_text(html: str, markdown: str, shown: str) -> None:
    assert html_to_bale(html) == markdown
    assert bale_text(markdown, None) == shown


@pytest.mark.parametrize("text", ["*open", "_open", "`open", "[label](no-end", "[no link]", "<b>x</b>", "&lt;"])
def test_the_fake_refuses_text_bale_would_show_broken(text: str) -> None:
    with pytest.raises(ApiError):
        bale_text(text, None)


def test_any_user_text_survives_escaping() -> None:
    nasty = "*_`[]\\ () <b> & ٭ Sara_*"
    assert bale_text(escape_markdown(nasty), None) == nasty
