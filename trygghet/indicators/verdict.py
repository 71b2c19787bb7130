"""How an overview card judges a change, words a place and sums the cards up (pure).

One rule, stated to visitors in RULE (Om data shows it): the change runs from the comparison
year (the published year closest to five years before the latest value) to the latest value;
within ±STEADY_PCT % of the earlier value it is "oförändrat", otherwise the catalogue's
direction makes it "bättre" or "sämre", and an indicator without a better direction gets "–".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import pandas as pd

from trygghet.core.format import NBSP, fmt_num, is_missing

YEARS_BACK = 5  # "about five years back" (the texts say "fem")
STEADY_PCT = 2.0  # a change within ±2 % of the earlier value counts as unchanged
FEW_EVENTS = 20  # fewer reported events than this in either year: no verdict
PER_100K = "antal/100 000 inv"
BETTER, WORSE, STEADY, NONE = "bättre", "sämre", "oförändrat", "–"
IN_STEP = "i takt med"
ARROWS = {1: "↑", -1: "↓", 0: "→"}
ORDINALS = ("", "", "näst", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde")

RULE = (
    "**Så bedöms korten på Översikt.** Förändringen räknas från jämförelseåret till det senaste "
    f"året med värde. Jämförelseåret är det publicerade år som ligger närmast fem år "
    "före det senaste (minst ett år före); saknas året står det vilket år som används i "
    f"stället. En förändring inom ±{fmt_num(STEADY_PCT, 0)}{NBSP}% av det tidigare värdet "
    "räknas som *oförändrat*. Annars avgör indikatorns riktning om den är *bättre* eller "
    "*sämre*: indikatorns katalog anger om ett högre eller ett lägre värde är bättre (till "
    "exempel är färre anmälda brott bättre och fler elever som klarar alla ämnen bättre); har "
    'indikatorn ingen bättre riktning står det "–". Jämförelsegruppens förändring är samma '
    "beräkning på gruppens oviktade medelvärde samma två år; kommunen har utvecklats bättre "
    "eller sämre än gruppen när dess förändring i procent skiljer sig mer än "
    f"{fmt_num(STEADY_PCT, 0)} procentenheter från gruppens, annars i takt med gruppen. Läget "
    "räknas bland jämförelsegruppens kommuner med värde samma år, kommunen inräknad, och "
    "bland alla kommuner i fjärdedelar. För anmälda brott per 100 000 invånare räknas antalet "
    "brott fram ur takten och folkmängden samma år (Kolada N01951); färre än "
    f"{FEW_EVENTS} brott "
    "något av åren ger ingen bedömning, eftersom slumpen då väger för tungt. För enkäter "
    "(Trygghet) finns antalet svarande inte i Kolada; kortet säger det. Sammanfattningen "
    "överst räknar korten med bedömning; kort utan värde eller utan bedömning nämns för sig."
)


@dataclass(frozen=True)
class Change:
    """A change between two years and its judgement."""

    base_year: int
    last_year: int
    base: float
    last: float
    pct: float  # relative change, % of the earlier value
    verdict: str  # BETTER | WORSE | STEADY | NONE

    @property
    def arrow(self) -> str:
        """↑/↓ for the direction the value moved (→ only when it did not move at all).

        The word beside it carries the judgement, so a 1,9 % fall reads "↓ 1,9 % – oförändrat".
        """
        return ARROWS[(self.last > self.base) - (self.last < self.base)]


def base_year(years: Sequence[int], last_year: int) -> int | None:
    """The year with a value closest to five years before `last_year` (earlier on a tie)."""
    earlier = [y for y in years if y < last_year]
    if not earlier:
        return None
    target = last_year - YEARS_BACK
    return min(earlier, key=lambda y: (abs(y - target), y))


def judge(base: float, last: float, direction: str) -> tuple[float, str]:
    """Relative change in % and the verdict by the rule in RULE."""
    pct = (last - base) / abs(base) * 100 if base else (0.0 if last == base else 100.0)
    if direction not in ("higher_better", "lower_better"):
        return pct, NONE
    if abs(pct) <= STEADY_PCT:
        return pct, STEADY
    up_is_good = direction == "higher_better"
    return pct, BETTER if (last > base) == up_is_good else WORSE


def change(values: pd.Series, base_at: int, last_at: int, direction: str) -> Change | None:
    """The judged change of `values` (indexed by year) between two years, None without both."""
    got = values.get(base_at), values.get(last_at)
    if any(is_missing(v) for v in got):
        return None
    base, last = (float(cast(float, v)) for v in got)
    pct, verdict = judge(base, last, direction)
    return Change(base_at, last_at, base, last, pct, verdict)


def decimals(value: float, unit: str) -> int:
    """Rounding that fits: whole numbers from 100 up, one decimal for shares, two below 1."""
    size = abs(value)
    if size >= 100:
        return 0
    if unit == "%" or size >= 1:
        return 1
    return 2


def fmt_rounded(value: float, unit: str) -> str:
    """A card's value rounded to fit (the unit is in the label)."""
    return fmt_num(value, decimals(value, unit))


def fmt_delta(ch: Change, unit: str) -> str:
    """'↓ 1,9 %' or '↑ 0,2 procentenheter' (shares change in points, the rest in %)."""
    if unit == "%":
        size = f"{fmt_num(abs(ch.last - ch.base), 1)}{NBSP}procentenheter"
    else:
        size = f"{fmt_num(abs(ch.pct), 0 if abs(ch.pct) >= 10 else 1)}{NBSP}%"
    return f"{ch.arrow}{NBSP}{size}"


def place_in_group(own: float, others: Sequence[float], group_word: str, missing: int = 0) -> str:
    """'högst av 8 liknande kommuner' / 'tredje lägst av 8 ...' (the kommun counted in).

    `missing` members without a value are left out, and the phrase says so.
    """
    n = len(others) + 1
    from_top = sum(v > own for v in others) + 1
    from_bottom = sum(v < own for v in others) + 1
    if n == 1:
        return ""
    if from_top <= from_bottom:
        rank, end = from_top, "högst"
    else:
        rank, end = from_bottom, "lägst"
    word = ORDINALS[rank] + " " if rank < len(ORDINALS) else f"{rank}:e "
    tail = " med värde" if missing else ""
    return f"{word.lstrip()}{end} av {n} {group_word}{tail}"


def place_in_all(own: float, others: Sequence[float]) -> str:
    """Which quarter of all kommuner the value falls in, as a phrase."""
    n = len(others)
    if n == 0:
        return ""
    if sum(v > own for v in others) < n / 4:
        return "bland den fjärdedel av landets kommuner som har högst värden"
    if sum(v < own for v in others) < n / 4:
        return "bland den fjärdedel av landets kommuner som har lägst värden"
    return "i mittenhalvan av landets kommuner"


def events(rate: float, population: object) -> float | None:
    """Reported events behind a rate per 100 000 (None without the population)."""
    if is_missing(population):
        return None
    return rate * float(population) / 100_000  # type: ignore[arg-type]  # a number here


def few_events_note(counts: dict[int, float | None]) -> str:
    """A notice when a rate rests on few events in a year, or when a count cannot be derived."""
    unknown = sorted(y for y, c in counts.items() if c is None)
    if unknown:
        years = ", ".join(str(y) for y in unknown)
        return f"Folkmängden saknas för {years}, så antalet brott bakom takten går inte att räkna."
    few = {y: c for y, c in sorted(counts.items()) if c is not None and c < FEW_EVENTS}
    if not few:
        return ""
    parts = ", ".join(f"omkring {fmt_num(c, 0)} {y}" for y, c in few.items())
    return (
        f"Få händelser: takten bygger på {parts} anmälda brott (färre än {FEW_EVENTS}), "
        "så ett fåtal brott mer eller mindre ändrar den mycket. Ingen bedömning."
    )


def versus_peers(own: Change, peer: Change | None, direction: str) -> str:
    """Did the kommun move better or worse than its group's mean (same ±2 points margin)?"""
    if peer is None or direction not in ("higher_better", "lower_better"):
        return ""
    gap = own.pct - peer.pct if direction == "higher_better" else peer.pct - own.pct
    if abs(gap) <= STEADY_PCT:
        return IN_STEP
    return BETTER if gap > 0 else WORSE


@dataclass(frozen=True)
class Outcome:
    """What the summary needs from one card."""

    title: str
    verdict: str  # BETTER | WORSE | STEADY | NONE, or "" without a change
    base_year: int | None
    versus: str  # BETTER | WORSE | IN_STEP | ""
    why_not: str  # why a card has no verdict ("inget värde", "få händelser", ...)


def _count(n: int) -> str:
    return "ingen" if n == 0 else str(n)


def summary(outcomes: Sequence[Outcome], group_word: str) -> str:
    """One or two sentences summing up the cards by the rule in RULE."""
    judged = [o for o in outcomes if o.verdict in (BETTER, WORSE, STEADY)]
    n = len(outcomes)
    if not judged:
        return f"Ingen av de {n} huvudindikatorerna har en bedömd förändring för de valda åren."
    years = sorted({o.base_year for o in judged if o.base_year is not None})
    head = (
        f"Sedan {years[0]}"
        if len(years) == 1
        else f"Jämfört med omkring fem år tidigare ({years[0]}–{years[-1]})"
    )
    better, worse, steady = (sum(o.verdict == v for o in judged) for v in (BETTER, WORSE, STEADY))
    text = f"{head} har {_count(better)} av {n} huvudindikatorer blivit bättre"
    text += f" och {_count(worse)} sämre"
    if steady:
        text += f"; {steady} är {'oförändrad' if steady == 1 else 'oförändrade'}"
    rest = [f"{o.title.lower()} ({o.why_not})" for o in outcomes if o not in judged]
    text += "." if not rest else f"; ingen bedömning för {', '.join(rest)}."
    rel = [o.versus for o in judged if o.versus]
    counts = ((rel.count(BETTER), "bättre"), (rel.count(WORSE), "sämre"))
    parts = [f"{c} {w}" for c, w in counts if c]
    if rel.count(IN_STEP):
        parts.append(f"{rel.count(IN_STEP)} i takt med gruppen")
    if parts:
        joined = " och ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
        text += f" Jämfört med medelvärdet för {group_word} utvecklades {joined}."
    return text
