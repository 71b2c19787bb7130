"""Scope as the key of the Händelser page's cached figures: frozen, hashable, keyed by value."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import datetime

import pytest
import streamlit as st

from trygghet.incidents.params import Period, Scope

PERIOD = Period("2025", "2025-01-01 – 2025-12-31", datetime(2025, 1, 1), datetime(2026, 1, 1), 2025)
SCOPE = Scope(
    county="08",
    kommun_id="0880",
    kommun_name="Kalmar",
    period_key="2025",
    period=PERIOD,
    grain_key="manad",
    grain="month",
    cats=("våld", "stöld och inbrott"),
    labels=(("våld", "Våld"), ("stöld och inbrott", "Stöld och inbrott")),
)
# One other value per field: a field added to Scope fails the test until it is listed here.
OTHER = {
    "county": "01",
    "kommun_id": "0881",
    "kommun_name": "Nybro",
    "period_key": "12m",
    "period": replace(PERIOD, end=datetime(2025, 7, 1)),
    "grain_key": "vecka",
    "grain": "week",
    "cats": ("våld",),
    "labels": (("våld", "Våldsbrott"), ("stöld och inbrott", "Stöld och inbrott")),
}


def test_scope_is_frozen_and_hashable() -> None:
    assert hash(SCOPE) == hash(replace(SCOPE))
    with pytest.raises(dataclasses.FrozenInstanceError):
        SCOPE.kommun_id = "0881"  # type: ignore[misc]
    assert SCOPE.label_of == {"våld": "Våld", "stöld och inbrott": "Stöld och inbrott"}


def test_cache_resource_keys_on_every_field() -> None:
    """st.cache_resource hashes a dataclass by value: an equal Scope hits, any change misses."""
    assert set(OTHER) == {f.name for f in dataclasses.fields(Scope)}
    built: list[Scope] = []

    @st.cache_resource(max_entries=32, show_spinner=False)
    def figure(scope: Scope) -> object:
        built.append(scope)
        return object()

    try:
        first = figure(SCOPE)
        assert figure(replace(SCOPE)) is first  # an equal copy: the same entry
        for name, value in OTHER.items():
            assert figure(replace(SCOPE, **{name: value})) is not first, name
        assert len(built) == 1 + len(OTHER)
    finally:
        figure.clear()
