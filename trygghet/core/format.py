"""Swedish number formatting, HTML escaping of external text, and spreadsheet-safe CSV."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from numbers import Real

import pandas as pd

NBSP = "\u00a0"  # thousands separator that never breaks a number over two lines
MINUS = "\u2212"  # typographic minus, as in Swedish print
MISSING = "–"
MD_SPECIAL = set("\\`*_[]<>#|~$&!")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas NA."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def auto_decimals(value: float) -> int:
    """Decimals used when none are given: whole numbers bare, small values with two."""
    if float(value).is_integer():
        return 0
    return 2 if abs(value) < 1 else 1


def fit_decimals(value: float, unit: str) -> int:
    """The one rounding rule for a shown value: whole numbers from 100 up, one decimal for
    shares and from 1 up, two below 1 (a card, a map's sentence and legend, Förväntat)."""
    size = abs(value)
    if size >= 100:
        return 0
    if unit == "%" or size >= 1:
        return 1
    return 2


def fit_decimals_of(values: pd.Series) -> int:
    """The rule of fit_decimals for a legend or an axis of many values: by the largest one."""
    top = float(values.abs().max()) if values.notna().any() else 0.0
    return fit_decimals(top, "")


def fmt_num(value: object, decimals: int | None = None) -> str:
    """1234.5 -> '1 234,5' (nbsp thousands separator, decimal comma, typographic minus)."""
    if is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]  # a number: missing values returned above
    places = auto_decimals(number) if decimals is None else decimals
    text = f"{abs(number):,.{places}f}".replace(",", NBSP).replace(".", ",")
    # Rounding may turn -0.04 into '0,0': no minus on a zero.
    negative = number < 0 and any(ch not in "0,\u00a0" for ch in text)
    return (MINUS if negative else "") + text


def fmt_value(value: object, unit: str, decimals: int | None = None) -> str:
    """A number with its unit: '28,2 %', '1 234,5 antal/100 000 inv'."""
    if is_missing(value):
        return MISSING
    return f"{fmt_num(value, decimals)}{NBSP}{unit}" if unit else fmt_num(value, decimals)


def fmt_change(current: float, previous: float, unit: str) -> tuple[str, str]:
    """Change from previous to current as ('3,2 %', 'lägre'); percentage units in points."""
    diff = current - previous
    word = "högre" if diff > 0 else "lägre" if diff < 0 else "oförändrat"
    if unit == "%":
        size = f"{fmt_num(abs(diff), 1)}{NBSP}procentenheter"
    elif previous == 0:
        size = f"{fmt_num(abs(diff))}{NBSP}{unit}"
    else:
        size = f"{fmt_num(abs(diff) / abs(previous) * 100, 1)}{NBSP}%"
    return size, word


def esc(text: object) -> str:
    """Escape external text for HTML/Markdown contexts (None -> empty)."""
    return "" if is_missing(text) else html.escape(str(text), quote=True)


# Outside text (URL values, source names and notices, catalogue text) is cut to this many
# characters unless the caller asks for fewer: a notice or a name never needs more, and a
# 100 kB value must not cost a 100 kB page.
TEXT_LIMIT = 1000
LITERAL_LIMIT = 60
# Invisible, zero-width and not a break: put after an opening colon, before an at sign and in
# "www." it stops Streamlit's Markdown from turning text into an autolink (https://…, www.…,
# a@b.se), an icon (:material/…:) or an emoji (:smile:). A backslash escape does not: those
# are found in the parsed text, after escapes are resolved (checked in Chromium, see
# docs/security.md).
WORD_JOINER = "\u2060"
_WWW = re.compile(r"(www)(?=\.)", re.IGNORECASE)
_LIST_START = re.compile(r"^(\d{1,9})([.)])")
# A colon that could open a scheme's '//', a ':code:' (icon, emoji) or a ':red[…]' directive
# (colour, size): even with its bracket escaped, ':red' makes an empty coloured span.
# 'kl. 16:30' or 'prop. 2024/25:93' is left as it is.
_OPENING_COLON = re.compile(r":(?=//|[\w+/-]+:|[\w-]+\[)")


def plain_text(value: object, limit: int = TEXT_LIMIT) -> str:
    """Outside text as one line of plain characters: no control or format characters.

    Line and paragraph breaks and other whitespace become single spaces; control characters
    (Cc), format characters (Cf: the bidi overrides such as U+202E, zero-width characters)
    and surrogate or private-use code points are dropped, so a value cannot reorder or hide
    the text around it. Cut to `limit` characters with an ellipsis.
    """
    raw = "" if is_missing(value) else str(value)
    raw = raw[: 4 * limit + 64]  # enough for the cut below after spaces collapse; bounded work
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in raw
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
    )
    text = " ".join(kept.split())
    if len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text


def md_esc(text: object, limit: int = TEXT_LIMIT) -> str:
    """The one way outside text goes into Streamlit Markdown: shown as text in every case.

    After `plain_text` (one line, no control or bidi characters, capped), Markdown's symbols
    get a backslash (no link, image, emphasis, heading, table, LaTeX, HTML or entity: `&`
    is escaped too), a leading list or quote marker is escaped, and a word joiner breaks
    autolinks, icon shortcodes and emoji codes (see WORD_JOINER). Streamlit never renders
    raw HTML without unsafe_allow_html.
    """
    if isinstance(text, str):
        return _md_esc_str(text, limit)
    return _md_esc(text, limit)


# Each symbol with its backslash, and '@' behind a word joiner (no mail autolink).
_MD_TRANSLATION = str.maketrans({**{ch: "\\" + ch for ch in MD_SPECIAL}, "@": WORD_JOINER + "@"})


# Pages escape the same catalogue and kommun texts on every run: the programme page alone
# escapes about 240 a run, which cost it 40 % of its CPU. Bounded, so a visitor sending new
# values only evicts older ones.
@lru_cache(maxsize=4096)
def _md_esc_str(text: str, limit: int) -> str:
    return _md_esc(text, limit)


def _md_esc(text: object, limit: int) -> str:
    plain = _WWW.sub("\\1" + WORD_JOINER, plain_text(text, limit))
    plain = _OPENING_COLON.sub(":" + WORD_JOINER, plain)
    shown = _LIST_START.sub("\\1\\\\\\2", plain.translate(_MD_TRANSLATION))  # '1. x' starts a list
    return "\\" + shown if shown[:1] in ("-", "+") else shown


def md_literal(value: object, limit: int = LITERAL_LIMIT) -> str:
    """A value from the URL, quoted for a Markdown notice: an inline code span, one line.

    Inside a code span Markdown makes no link, image, autolink, emphasis, icon or HTML, so a
    link such as ?kommun=[Logga in](https://...) is shown as text and never fetched or
    clickable. Control and bidi characters are dropped (`plain_text`), so a U+202E cannot
    reverse the text after the quote. A backtick would close the span, so it is shown as a
    similar quote mark; long values are cut, since a notice only needs to say which value
    was not understood.
    """
    text = plain_text(value, limit).replace("`", "\u02bc")
    return f"`{text}`" if text else "` `"


def safe_cell(value: object) -> object:
    """Prefix strings that a spreadsheet would run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV for Swedish spreadsheets (';' separator, decimal comma, BOM) without formula cells."""
    clean = frame.copy()
    clean.columns = [safe_cell(str(c)) for c in clean.columns]
    for col in clean.columns:
        if clean[col].dtype == object or pd.api.types.is_string_dtype(clean[col]):
            clean[col] = clean[col].map(safe_cell)
    # CRLF line ends (RFC 4180) also make the csv writer quote fields holding a lone CR.
    text = clean.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def is_number(value: object) -> bool:
    """True for real numbers that are not missing (bools excluded)."""
    return not isinstance(value, bool) and isinstance(value, Real) and not is_missing(value)


def cited_csv(frame: pd.DataFrame, about: Sequence[tuple[str, str]]) -> bytes:
    """safe_csv with a header block first: one 'name;value' row per fact, then a blank row.

    A file people cite names what it holds (indicators, years, kommun, comparison, source,
    licence, retrieval date) inside itself, since a downloaded file travels without the page.
    """
    head = pd.DataFrame(list(about), columns=["Om filen", ""])
    block = safe_csv(head).decode("utf-8-sig")
    return (block + "\r\n").encode("utf-8-sig") + safe_csv(frame)[len("\ufeff".encode()) :]


def file_slug(text: str) -> str:
    """'Malung-Sälen' -> 'malung-salen': a file-name part without spaces or diacritics."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "fil"
