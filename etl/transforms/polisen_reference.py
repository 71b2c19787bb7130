"""Pure: what the Polisen notice transform looks up: places (kommun and län names -> codes)
and categories (notice type -> category, from catalogues/polisen_categories.toml)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FALLBACK_CATEGORY = "övrigt"
SUMMARY_PREFIX = "Sammanfattning"


@dataclass(frozen=True)
class Places:
    """Kommun and län names (case-folded) -> codes, from the boundary files or the DB."""

    kommun_by_name: Mapping[str, str]
    county_by_name: Mapping[str, str]
    kommun_names: Mapping[str, str] = field(default_factory=dict)  # code -> display name
    county_names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_rows(
        cls, kommuner: Iterable[tuple[str, str]], counties: Iterable[tuple[str, str]]
    ) -> Places:
        """(code, name) pairs of kommuner (4 digits) and län (2 digits)."""
        kommuner, counties = list(kommuner), list(counties)
        return cls(
            {n.casefold(): c for c, n in kommuner},
            {n.casefold(): c for c, n in counties},
            dict(kommuner),
            dict(counties),
        )

    def kommuner_in(self, county_id: str) -> list[str]:
        """Display names of the kommuner of one län, sorted by code."""
        return [self.kommun_names[c] for c in sorted(self.kommun_names) if c[:2] == county_id]


@dataclass(frozen=True)
class Categories:
    """Notice type (stripped) -> category, from catalogues/polisen_categories.toml."""

    by_type: Mapping[str, str]
    labels: Mapping[str, str]  # category -> Swedish label, in display order

    def of(self, notice_type: str) -> str:
        known = self.by_type.get(notice_type)
        if known is not None:
            return known
        return "sammanfattning" if notice_type.startswith(SUMMARY_PREFIX) else FALLBACK_CATEGORY

    def unknown(self, types: Iterable[str]) -> list[str]:
        """Types that the mapping does not list (they fall back to a default category)."""
        return sorted({t for t in types if t not in self.by_type})


def categories_from(doc: Mapping[str, Any], where: str = "polisen_categories.toml") -> Categories:
    """Check the parsed TOML: every mapped category must be one of [categories]."""
    labels = doc.get("categories")
    types = doc.get("types")
    if not isinstance(labels, dict) or not isinstance(types, dict):
        raise ValueError(f"{where}: needs [categories] and [types] tables")
    for fallback in (FALLBACK_CATEGORY, "sammanfattning"):
        if fallback not in labels:
            raise ValueError(f"{where}: [categories] must list '{fallback}'")
    bad = {t: c for t, c in types.items() if c not in labels}
    if bad:
        raise ValueError(f"{where}: types mapped to unknown categories: {bad}")
    return Categories({t.strip(): c for t, c in types.items()}, dict(labels))
