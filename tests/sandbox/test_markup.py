"""Bot text → the page's HTML: Telegram's formatting survives, nothing else reaches the browser as markup."""

from __future__ import annotations

import pytest

from bot.sandbox.markup import telegram_html


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<b>1001</b> &amp; <i>Gold</i>", "<b>1001</b> &amp; <i>Gold</i>"),
        ("<strong>a</strong><em>b</em><ins>c</ins><del>d</del>", "<b>a</b><i>b</i><u>c</u><s>d</s>"),
        ("<code>AB12</code> <pre>x &lt; y</pre>", "<code>AB12</code> <pre>x &lt; y</pre>"),
        (
            '<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span>',
            '<span class="spoiler">s</span><span class="spoiler">t</span>',
        ),
        ("<blockquote expandable>q</blockquote>", "<blockquote>q</blockquote>"),
        (
            '<a href="https://ex.am/p?a=1&amp;b=&quot;2&quot;">x</a>',
            '<a href="https://ex.am/p?a=1&amp;b=&quot;2&quot;" target="_blank" rel="noopener noreferrer nofollow">'
            "x</a>",
        ),
        ('<a href="javascript:alert(1)">x</a>', '<span class="link">x</span>'),
        ('<a href="tg://user?id=5">Sara</a>', '<span class="link">Sara</span>'),
        ('<b onclick="x()">bold</b>', "<b>bold</b>"),
        ('<img src=x onerror="alert(1)">after', "after"),
        ("<script>alert(1)</script>", "alert(1)"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<b>unclosed", "<b>unclosed</b>"),
        ("stray</i> end", "stray end"),
        ("line\nbreak", "line\nbreak"),
    ],
)
def test_html_parse_mode(text: str, shown: str) -> None:
    assert telegram_html(text, "HTML") == shown


def test_other_parse_modes_and_plain_text_are_escaped_whole() -> None:
    assert telegram_html("<b>x</b> & y", None) == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert telegram_html("*bold* <i>", "MarkdownV2") == "*bold* &lt;i&gt;"
    assert telegram_html(None, "HTML") == ""
