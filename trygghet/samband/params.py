"""Pure parsing of the Samband page's own URL parameters (indicators, year, lag, control, view)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from trygghet.core.format import md_literal
from trygghet.core.url_limits import MAX_CHARS, split_parts

DEFAULT_INDICATORS = ("N15508", "U09808", "N07403")
DEFAULT_X = "N15508"  # year 9 pupils passing all subjects
DEFAULT_Y = "N07403"  # reported violence
SUGGESTED_CONTROL = "N15816"  # parents with post-secondary education
MAX_LAG = 5
VIEWS = ("skalor", "index")
VIEW_LABELS = {"skalor": "Egna skalor", "index": "Index (basår = 100)"}
NO_CONTROL = "ingen"
TABS = {
    "tid": "Över tid",
    "kommuner": "Mellan kommuner",
    "forandring": "Förändring",
    "forvantat": "Förväntat",  # issue 20: trygghet.expected draws it
}
URL_KEYS = ("ind", "x", "y", "ar", "lag", "ktrl", "visning", "bas", "flik")


@dataclass(frozen=True)
class SambandParams:
    """Validated page state; year and base are checked later against the data's years."""

    indicators: tuple[str, ...]
    x: str
    y: str
    lag: int
    control: str  # a kpi id or NO_CONTROL
    view: str
    year: int | None
    base: int | None
    tab: str = "tid"  # a key of TABS
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self) -> dict[str, str]:
        """The canonical query string for this state."""
        query = {
            "ind": ",".join(self.indicators),
            "x": self.x,
            "y": self.y,
            "lag": str(self.lag),
            "ktrl": self.control,
            "visning": self.view,
        }
        if self.year is not None:
            query["ar"] = str(self.year)
        if self.base is not None:
            query["bas"] = str(self.base)
        if self.tab != "tid":  # links made before the tab was in the URL stay canonical
            query["flik"] = self.tab
        return query


def _int(raw: str | None, name: str, warnings: list[str]) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    try:
        return int(raw)
    except ValueError:
        warnings.append(f"Okänt värde i adressen ({name}={md_literal(raw)}); visar standardvalet.")
        return None


def _kpi(
    raw: str | None, name: str, default: str, ids: Collection[str], warnings: list[str]
) -> str:
    value = (raw or "").strip()
    if not value:
        return default
    if value not in ids:
        warnings.append(
            f"Okänd indikator i adressen ({name}={md_literal(value)}); visar {default}."
        )
        return default
    return value


def parse(raw: Mapping[str, str], ids: Collection[str]) -> SambandParams:
    """Validate raw query parameters against the catalogue's kpi ids; bad ones fall back."""
    raw = {key: value[:MAX_CHARS] for key, value in raw.items()}
    warnings: list[str] = []
    chosen: list[str] = []
    parts = split_parts(raw.get("ind"), "ind")
    for part in parts.values:
        if part in ids:
            if part not in chosen:
                chosen.append(part)
        else:
            parts.reject(part)
    warnings.extend(parts.notices("indikator"))
    indicators = tuple(chosen) or tuple(k for k in DEFAULT_INDICATORS if k in ids)
    x = _kpi(raw.get("x"), "x", DEFAULT_X, ids, warnings)
    y = _kpi(raw.get("y"), "y", DEFAULT_Y, ids, warnings)
    if x == y:
        warnings.append("Samma indikator på båda axlarna; visar standardvalet.")
        x, y = DEFAULT_X, DEFAULT_Y
    lag = _int(raw.get("lag"), "lag", warnings)
    if lag is not None and not 0 <= lag <= MAX_LAG:
        warnings.append(f"Eftersläpningen lag={lag} ligger utanför 0–{MAX_LAG}; visar 0.")
        lag = None
    control = (raw.get("ktrl") or NO_CONTROL).strip()
    if control != NO_CONTROL and (control not in ids or control in (x, y)):
        warnings.append(
            f"Okänd eller olämplig kontrollindikator ({md_literal(control)}); ingen används."
        )
        control = NO_CONTROL
    view = (raw.get("visning") or VIEWS[0]).strip().lower()
    if view not in VIEWS:
        warnings.append(f"Okänd visning i adressen ({md_literal(view)}); visar egna skalor.")
        view = VIEWS[0]
    tab = (raw.get("flik") or "tid").strip().lower()
    if tab not in TABS:
        warnings.append(f"Okänd flik i adressen (flik={md_literal(tab)}); visar Över tid.")
        tab = "tid"
    return SambandParams(
        indicators=indicators,
        x=x,
        y=y,
        lag=lag or 0,
        control=control,
        view=view,
        year=_int(raw.get("ar"), "ar", warnings),
        base=_int(raw.get("bas"), "bas", warnings),
        tab=tab,
        warnings=tuple(warnings),
    )


def check_year(
    year: int | None, options: Sequence[int], default: int | None, name: str
) -> tuple[int | None, str | None]:
    """The year if offered, else the default with a notice (None year: default, no notice)."""
    if year is None or year in options:
        return (year if year is not None else default), None
    return default, f"Året {name}={year} har inte data för valet; visar {default} i stället."
