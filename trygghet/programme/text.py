"""Pure Swedish phrases for the scorecard: base year, change with arrow, verdict, place in group."""

from __future__ import annotations

from collections.abc import Sequence

from trygghet.core.format import fmt_change, fmt_num, md_literal
from trygghet.core.judgement import BETTER, UNSURE, WORSE
from trygghet.core.kolada import is_rate

DEFAULT_BASELINE = 2015
NO_VERDICT = "–"  # no better direction in the catalogue, or nothing to compare
ORDINALS = {
    2: "näst ",
    3: "tredje ",
    4: "fjärde ",
    5: "femte ",
    6: "sjätte ",
    7: "sjunde ",
    8: "åttonde ",
    9: "nionde ",
    10: "tionde ",
}


def parse_baseline(raw: str | None, years: list[int]) -> tuple[int, str | None]:
    """?bas= -> (year, warning). Falls back to 2015 (or the nearest year with data), with notice."""
    default = (
        DEFAULT_BASELINE if DEFAULT_BASELINE in years else (years[0] if years else DEFAULT_BASELINE)
    )
    if raw is None or raw == "":
        return default, None
    try:
        year = int(raw)
    except ValueError:
        return (
            default,
            f"Okänt basår i adressen (bas={md_literal(raw)}); visar {default} i stället.",
        )
    if year not in years:
        return default, f"Basåret {year} finns inte i data; visar {default} i stället."
    return year, None


def change_cell(latest: float | None, base: float | None, unit: str) -> str:
    """'↓ 42,1 %' or '↑ 4,0 procentenheter': the arrow gives the direction, not a judgement."""
    if latest is None or base is None:
        return NO_VERDICT
    size, word = fmt_change(latest, base, unit)
    if word == "oförändrat":
        return "→ oförändrat"
    return f"{'↑' if word == 'högre' else '↓'} {size}"


def figure(value: float | None, unit: str) -> str:
    """A value rounded to what it can carry: whole numbers for rates per 100 000 above 100."""
    if value is None:
        return fmt_num(None)
    whole = is_rate(unit) and abs(value) >= 100
    return fmt_num(value, 0 if whole else None)


def genitive(name: str) -> str:
    """'Kalmars', but 'Borås': no extra s after s, x or z."""
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


def _ordinal(rank: int) -> str:
    if rank == 1:
        return ""
    if rank in ORDINALS:
        return ORDINALS[rank]
    suffix = "a" if rank % 10 in (1, 2) and rank % 100 not in (11, 12) else "e"
    return f"{rank}:{suffix} "


def place(own: float | None, others: Sequence[float]) -> str:
    """'högst av 8', 'näst lägst av 8', 'tredje högst av 8': the kommun among its group.

    Counted from the nearer end; a tie is said, since 'högst' alone would hide it.
    """
    if own is None or not others:
        return NO_VERDICT
    above = sum(1 for v in others if v > own)
    below = sum(1 for v in others if v < own)
    ties = len(others) - above - below
    n = len(others) + 1
    rank, word = (above + 1, "högst") if above <= below else (below + 1, "lägst")
    phrase = f"{_ordinal(rank)}{word} av {n}"
    if ties:
        phrase += f" (delad med {ties} {'annan' if ties == 1 else 'andra'})"
    return phrase


def _since(baseline: int, firsts: Sequence[int]) -> str:
    """'sedan 2015', or the first years actually compared when rows start later."""
    years = sorted(set(firsts))
    if not years or years == [baseline]:
        return f"sedan {baseline}"
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return f"från basåret {baseline} eller första året därefter med värde ({span})"


def summary(
    kommun_name: str, baseline: int, verdicts: Sequence[str], firsts: Sequence[int] = ()
) -> str:
    """One sentence over the indicators that measure a commitment, by the rule the page states.

    `firsts` are the first years the judged rows compare from, so the sentence names them.
    """
    n = len(verdicts)
    better = sum(1 for v in verdicts if v == BETTER)
    worse = sum(1 for v in verdicts if v == WORSE)
    unsure = sum(1 for v in verdicts if v == UNSURE)
    none = n - better - worse - unsure
    since = _since(baseline, firsts)
    if n and none == n:
        return (
            f"För {kommun_name} går det inte att bedöma om någon av de {n} indikatorer som "
            f"mäter en punkt i programmet blivit bättre eller sämre {since}: de har ingen given "
            "riktning, saknar värden att jämföra eller en osäkerhet att bedöma dem med."
        )
    out = (
        f"Av de {n} indikatorer som mäter en punkt i programmet har {better or 'ingen'} "
        f"blivit bättre och {worse or 'ingen'} sämre för {kommun_name} {since}."
    )
    if unsure:
        out += f" {unsure} har ingen säker förändring (den ryms i slumpens spridning)."
    if none:
        out += (
            f" För {none} av dem ges ingen bedömning: {'den' if none == 1 else 'de'} har "
            "ingen given riktning, saknar värden att jämföra eller en osäkerhet att bedöma "
            "dem med."
        )
    return out
