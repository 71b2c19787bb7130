"""URL glue of Händelser: the category filter bound to ?kategori=vald,hot (all when absent)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import streamlit as st

from trygghet.core.url_state import UrlGroup
from trygghet.incidents.params import parse_categories, slug

PARAM, KEY = "kategori", "w_inc_kat"


@dataclass(frozen=True)
class Chosen:
    """The chosen category slugs (all of them when the URL names none)."""

    slugs: tuple[str, ...]
    every: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self) -> dict[str, str]:
        if not self.slugs or set(self.slugs) == set(self.every):
            return {}  # none chosen reads as all on a reload, as the notice-free default
        return {PARAM: ",".join(s for s in self.every if s in self.slugs)}


def _group(every: Sequence[str]) -> UrlGroup[Chosen]:
    def parse(raw: Mapping[str, str]) -> Chosen:
        chosen, warnings = parse_categories(raw.get(PARAM), list(every))
        return Chosen(tuple(chosen), tuple(every), tuple(warnings))

    return UrlGroup(KEY, (PARAM,), parse)


def category_filter(labels: Mapping[str, str]) -> tuple[str, ...]:
    """A multiselect of categories kept in the URL; returns the chosen category names."""
    by_slug = {slug(c): c for c in labels}
    every = tuple(by_slug)
    group = _group(every)
    value, _ = group.read()
    st.session_state[KEY] = [s for s in value.slugs if s in by_slug]

    def _keep() -> None:
        group.remember(Chosen(tuple(st.session_state[KEY]), every))

    picked = st.multiselect(
        "Kategorier",
        list(every),
        key=KEY,
        on_change=_keep,
        format_func=lambda s: labels[by_slug[s]],
        placeholder="Välj kategorier",
    )
    group.write(Chosen(tuple(picked), every))
    return tuple(by_slug[s] for s in every if s in picked)
