"""The one renderer of outside text (core.format.md_esc / md_literal): text in every case.

What Streamlit's Markdown would make of each construct was checked in Chromium (see
docs/security.md); these tests hold the renderer to the forms that render as text there.
"""

from __future__ import annotations

import pytest

from trygghet.core.format import TEXT_LIMIT, WORD_JOINER, md_esc, md_literal, plain_text

WJ = WORD_JOINER


@pytest.mark.parametrize(
    ("outside", "shown"),
    [
        ("se https://evil.example/x", f"se https:{WJ}//evil.example/x"),  # no autolink
        ("www.evil.example", f"www{WJ}.evil.example"),
        ("WWW.Evil.example", f"WWW{WJ}.Evil.example"),
        ("a@b.se", f"a{WJ}@b.se"),  # no mail autolink
        (":material/home: :smile:", f":{WJ}material/home: :{WJ}smile:"),  # no icon
        (":red[x] :small[y]", f":{WJ}red\\[x\\] :{WJ}small\\[y\\]"),  # no colour or size
        ("kl. 16:30, prop. 2024/25:93", "kl. 16:30, prop. 2024/25:93"),
        ("&amp; &#x41;", "\\&amp; \\&\\#x41;"),  # no entity
        ("[a](https://e.x)", f"\\[a\\](https:{WJ}//e.x)"),
        ("![i](e.png)", "\\!\\[i\\](e.png)"),
        ("# Rubrik", "\\# Rubrik"),
        ("1. lista", "1\\. lista"),
        ("2) lista", "2\\) lista"),
        ("- punkt", "\\- punkt"),
        ("+ punkt", "\\+ punkt"),
        ("> citat", "\\> citat"),
        ("rad ett\n---\nrad tre", "rad ett --- rad tre"),  # no rule, no new block
        ("a | b", "a \\| b"),
        ("$x$ ~s~ *e* _e_ `c`", "\\$x\\$ \\~s\\~ \\*e\\* \\_e\\_ \\`c\\`"),
        ("Upplands Väsby", "Upplands Väsby"),
    ],
)
def test_md_esc_renders_outside_text_as_text(outside: str, shown: str) -> None:
    assert md_esc(outside) == shown


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u200b", "\u200f", "\x00", "\x1b"])
def test_bidi_and_control_characters_are_removed(char: str) -> None:
    assert md_esc(f"ab{char}cd") == "abcd"
    assert md_literal(f"ab{char}cd") == "`abcd`"


def test_length_is_capped() -> None:
    assert len(md_esc("x" * 100_000)) == TEXT_LIMIT
    assert md_esc("x" * 100_000).endswith("…")
    assert len(md_esc("Kalmar " * 50, limit=20)) <= 20
    assert len(md_literal("y" * 100_000)) <= 62


def test_plain_text_keeps_one_line_of_words() -> None:
    assert plain_text("  Emmaboda\r\n\tkommun\u2028nu ") == "Emmaboda kommun nu"
    assert plain_text(None) == ""
