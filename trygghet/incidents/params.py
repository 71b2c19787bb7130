"""Pure parsing of the Händelser page's URL parameters (period, categories and grain) and the
Scope they add up to with the kommun."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from trygghet.core.format import md_literal
from trygghet.core.url_limits import capped, split_parts

PERIOD_12M, PERIOD_ALL = "12m", "alla"
GRAINS = {"vecka": "week", "manad": "month"}
GRAIN_LABELS = {"vecka": "Per vecka", "manad": "Per månad"}
_FOLD = str.maketrans("åäöÅÄÖ", "aaoAAO")


@dataclass(frozen=True)
class Period:
    """A half-open span of Swedish local time [start, end) and the year its population is from."""

    key: str
    label: str
    start: datetime
    end: datetime
    year: int  # the year whose population a rate over this period should use


@dataclass(frozen=True)
class Scope:
    """The page's parsed choice, which every section shows: län, kommun, period, grain, categories.

    Frozen and of hashable fields only: the cached figures (incidents.bundles) take it whole
    as their key, so it holds everything they are built from. st.cache_resource hashes a
    dataclass by value (dataclasses.asdict), tests/incidents/test_scope.py holds that.
    """

    county: str  # the län's code, '08'
    kommun_id: str
    kommun_name: str
    period_key: str  # ?period=: '12m', a year or 'alla'
    period: Period
    grain_key: str  # ?per=: 'vecka' or 'manad'
    grain: str  # its date_trunc unit: 'week' or 'month'
    cats: tuple[str, ...]  # the chosen categories, in the catalogue's order
    labels: tuple[tuple[str, str], ...]  # (category, Swedish label) of every category, in order

    @property
    def label_of(self) -> dict[str, str]:
        """category -> Swedish label (a dict is not hashable, so the field is pairs)."""
        return dict(self.labels)


def slug(category: str) -> str:
    """'stöld och inbrott' -> 'stold': the category's URL form."""
    return category.split()[0].translate(_FOLD).lower()


def period_options(first: datetime, last: datetime) -> list[str]:
    """'12m', each calendar year with notices (newest first), and 'alla'."""
    return [PERIOD_12M, *[str(y) for y in range(last.year, first.year - 1, -1)], PERIOD_ALL]


def period_label(key: str) -> str:
    return {PERIOD_12M: "Senaste 12 månaderna", PERIOD_ALL: "Hela perioden"}.get(key, key)


def make_period(key: str, first: datetime, last: datetime) -> Period:
    """The span of a period key, bounded by the data (first..last notice, local time)."""
    day_after = datetime.combine(last.date() + timedelta(days=1), datetime.min.time())
    if key == PERIOD_12M:
        end = day_after
        start = end.replace(year=end.year - 1)
        return Period(key, f"{start:%Y-%m-%d} – {last:%Y-%m-%d}", start, end, last.year)
    if key == PERIOD_ALL:
        start = datetime.combine(first.date(), datetime.min.time())
        return Period(key, f"{first:%Y-%m-%d} – {last:%Y-%m-%d}", start, day_after, last.year)
    year = int(key)
    start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    shown_from, shown_to = (
        max(start.date(), first.date()),
        min(end.date() - timedelta(days=1), last.date()),
    )
    return Period(key, f"{shown_from:%Y-%m-%d} – {shown_to:%Y-%m-%d}", start, end, year)


def parse_period(raw: str | None, options: list[str]) -> tuple[str, str | None]:
    """The period key in the URL, or the default with a warning when it is unknown."""
    raw = capped(raw)
    if not raw or raw in options:
        return (raw or PERIOD_12M), None
    return (
        PERIOD_12M,
        f"Okänd period i adressen (period={md_literal(raw)}); visar senaste 12 månaderna.",
    )


def parse_categories(raw: str | None, slugs: list[str]) -> tuple[list[str], list[str]]:
    """Category slugs from '?kategori=vald,hot', and the notices about the rest.

    Every value that is not a category is named only through md_literal (a code span), in
    the mixed case '?kategori=vald,<payload>' as much as alone; at most a few are named
    and one notice sums up the rest (trygghet.core.url_limits). No valid category: all.
    """
    parts = split_parts(raw, "kategori", lower=True)
    if not parts.values and not parts.cut:
        return list(slugs), []
    for wanted in parts.values:
        if wanted not in slugs:
            parts.reject(wanted)
    good = [s for s in slugs if s in parts.values]
    notices = parts.notices("kategori")
    if not good:
        notices.append("Ingen känd kategori i adressen; visar alla kategorier.")
        return list(slugs), notices
    return good, notices


def population_year(wanted: int, available: list[int]) -> tuple[int | None, str | None]:
    """The population year to divide by, and a note when it is not the period's own year."""
    if wanted in available:
        return wanted, None
    earlier = [y for y in available if y < wanted]
    if not earlier:
        return None, f"Kolada har ingen folkmängd för {wanted} eller tidigare år; ingen takt visas."
    chosen = max(earlier)
    return chosen, (
        f"Kolada har ännu ingen folkmängd för {wanted}: takten räknas på folkmängden "
        f"{chosen} (senaste år som finns)."
    )


def week_label(day: date) -> str:
    """'v. 34 2026' for the Monday of an ISO week."""
    iso = day.isocalendar()
    return f"v. {iso.week} {iso.year}"
