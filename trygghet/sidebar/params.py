"""Pure parsing of the URL query parameters behind the shared sidebar (no Streamlit here)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from trygghet.core.format import md_literal
from trygghet.core.url_limits import capped, split_parts

DEFAULT_KOMMUN = "0880"  # Kalmar
DEFAULT_FROM = 2010
KINDS = ("liknande", "riket", "lan", "egna")
KIND_LABELS = {
    "liknande": "Liknande kommuner",
    "riket": "Alla kommuner",
    "lan": "Kommunerna i länet",
    "egna": "Egna val",
}
URL_KEYS = ("kommun", "jmf", "egna", "fran", "till")


@dataclass(frozen=True)
class Params:
    """Validated sidebar state: what the URL says after falling back on bad values."""

    kommun_id: str
    jmf: str
    egna: tuple[str, ...]
    fran: int
    till: int
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self) -> dict[str, str]:
        """The canonical query string for this state (egna only when it is used)."""
        query = {
            "kommun": self.kommun_id,
            "jmf": self.jmf,
            "fran": str(self.fran),
            "till": str(self.till),
        }
        if self.jmf == "egna" and self.egna:
            query["egna"] = ",".join(self.egna)
        return query


def _year(
    raw: str | None, name: str, default: int, first: int, last: int, warnings: list[str]
) -> int:
    if raw is None or raw == "":
        return default
    try:
        year = int(raw)
    except ValueError:
        warnings.append(
            f"Okänt år i adressen ({name}={md_literal(raw)}); visar {default} i stället."
        )
        return default
    if not first <= year <= last:
        warnings.append(
            f"Året {name}={year} ligger utanför {first}–{last}; visar {default} i stället."
        )
        return default
    return year


def parse_params(
    raw: Mapping[str, str],
    kommun_ids: Collection[str],
    first: int,
    last: int,
) -> Params:
    """Validate raw query parameters; each bad one falls back to its default with a warning."""
    warnings: list[str] = []
    kommun_id = (capped(raw.get("kommun")) or DEFAULT_KOMMUN).strip()
    if kommun_id not in kommun_ids:
        warnings.append(
            f"Okänd kommun i adressen (kommun={md_literal(kommun_id)}); visar Kalmar (0880)."
        )
        kommun_id = DEFAULT_KOMMUN
    jmf = (capped(raw.get("jmf")) or "liknande").strip().lower()
    if jmf not in KINDS:
        warnings.append(
            f"Okänd jämförelse i adressen (jmf={md_literal(jmf)}); visar liknande kommuner."
        )
        jmf = "liknande"
    egna: list[str] = []
    parts = split_parts(raw.get("egna"), "egna")
    for part in parts.values:
        if part in kommun_ids and part != kommun_id:
            if part not in egna:
                egna.append(part)
        else:
            parts.reject(part)
    warnings.extend(parts.notices("kommun"))
    if jmf == "egna" and not egna:
        warnings.append("Inga giltiga egna jämförelsekommuner; visar liknande kommuner.")
        jmf = "liknande"
    default_from = max(first, min(DEFAULT_FROM, last))
    fran = _year(capped(raw.get("fran")), "fran", default_from, first, last, warnings)
    till = _year(capped(raw.get("till")), "till", last, first, last, warnings)
    if fran > till:
        warnings.append(
            f"Startåret {fran} ligger efter slutåret {till}; visar {default_from}–{last}."
        )
        fran, till = default_from, last
    return Params(kommun_id, jmf, tuple(egna), fran, till, tuple(warnings))
