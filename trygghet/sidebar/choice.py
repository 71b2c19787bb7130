"""The sidebar's choice as one frozen value: cached functions take it as an argument."""

from __future__ import annotations

from dataclasses import dataclass

from trygghet.core.format import md_esc


@dataclass(frozen=True)
class Choice:
    """The chosen kommun, its comparison group and the years (hashable, Streamlit keys on it)."""

    kommun_id: str
    kommun_name: str
    comparison: str  # liknande | riket | lan | egna
    members: tuple[str, ...]
    comparison_label: str  # e.g. "liknande kommuner (7)": lower-case start, fits mid-sentence
    year_from: int
    year_to: int

    @property
    def kommun_md(self) -> str:
        """The kommun's name escaped for Markdown contexts (titles, captions, metrics)."""
        return md_esc(self.kommun_name)

    @property
    def comparison_md(self) -> str:
        """The comparison label (may contain a län's name) escaped for Markdown."""
        return md_esc(self.comparison_label)

    @property
    def comparison_title(self) -> str:
        """The comparison label with a capital first letter (legends, table headers)."""
        return self.comparison_label[:1].upper() + self.comparison_label[1:]
