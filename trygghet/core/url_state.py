"""The one way widgets and the URL are kept in step: a group of query parameters per feature.

A group (the sidebar's kommun/jmf/egna/fran/till, Samband's parameters, a page-level choice
such as ?kpi=) is parsed by a pure function of its feature (the feature's `params` module) into
a value that carries its own warnings and its canonical query (`to_query()`):
- on a first load, a shared link or a hand-edited address the URL decides, and every value
  that was not understood falls back with a visible notice (the value quoted safely);
- otherwise the value this session last chose stands, so a page switch, which drops widget
  state and may drop the query string, loses nothing;
- after the widgets are drawn, the group writes its canonical parameters back (its own keys
  only), so the address can always be shared.

Streamlit 1.67's own `bind="query-params"` was tried and not used: it writes the formatted
option into the URL (?kommun=Kalmar instead of ?kommun=0880, which would change every shared
link), drops a value equal to the default from the URL, and discards a bad value silently
where this product must say which value it did not understand.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from trygghet.core.format import md_literal
from trygghet.core.url_limits import capped


class Parsed(Protocol):
    """What a feature's parser returns: the value, its warnings and its canonical query."""

    @property
    def warnings(self) -> tuple[str, ...]: ...

    def to_query(self) -> dict[str, str]: ...


P = TypeVar("P", bound=Parsed)


@dataclass(frozen=True)
class UrlGroup(Generic[P]):
    """Query parameters `keys`, owned together, parsed by `parse`; state kept under `name`."""

    name: str
    keys: tuple[str, ...]
    parse: Callable[[Mapping[str, str]], P]

    @property
    def _shadow(self) -> str:
        return f"_url_{self.name}_value"

    @property
    def _written(self) -> str:
        return f"_url_{self.name}_written"

    def url(self) -> dict[str, str]:
        """This group's parameters as the address has them now, each cut to MAX_CHARS.

        Also on a websocket rerun, whose query string no proxy limit sees: a parser never
        gets more than the cap (trygghet.core.url_limits), whatever the browser sent.
        """
        return {k: capped(st.query_params[k]) or "" for k in self.keys if k in st.query_params}

    def read(self, notices: bool = True) -> tuple[P, bool]:
        """This run's value, and whether it came from the URL (then widgets must follow it).

        The notices of a value parsed from the URL are shown here unless `notices` is False
        (a caller that shows them elsewhere takes them from the value).
        """
        url = self.url()
        shadow: P | None = st.session_state.get(self._shadow)
        if shadow is not None and (not url or url == st.session_state.get(self._written)):
            return shadow, False
        value = self.parse(url)
        st.session_state[self._shadow] = value
        if notices:
            show_notices(value.warnings)
        return value, True

    def current(self) -> P | None:
        """The session's value, if the group has been read in this session."""
        value: P | None = st.session_state.get(self._shadow)
        return value

    def remember(self, value: P) -> None:
        """Keep `value` as the session's choice (for widget callbacks, before the rerun)."""
        st.session_state[self._shadow] = value

    def write(self, value: P) -> None:
        """Make `value` the session's choice and put its canonical query into the address."""
        canonical = value.to_query()
        for k in self.keys:
            if k not in canonical and k in st.query_params:
                del st.query_params[k]
        if self.url() != canonical:
            st.query_params.update(canonical)
        st.session_state[self._written] = canonical
        st.session_state[self._shadow] = value


def show_notices(warnings: Sequence[str]) -> None:
    """The fallback notices of values the address had and the page did not understand.

    A parser builds each notice as Markdown, quoting the URL's value with md_literal (the
    `_md` name says so to tests/app/test_hostile_markdown_scan.py; tests/app/test_hostile_params.py
    and test_hostile_links.py check the notices themselves).
    """
    for notice_md in warnings:
        st.warning(notice_md, icon="⚠️")


@dataclass(frozen=True)
class Single:
    """One page-level choice from a fixed list, as a UrlGroup value."""

    param: str
    value: str
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self) -> dict[str, str]:
        return {self.param: self.value}


def parse_single(
    raw: str | None,
    param: str,
    options: Sequence[str],
    shown: Callable[[str], str],
    known_elsewhere: Collection[str] = (),
) -> Single:
    """The option in the URL, or the first option: quietly for another page's value."""
    if raw is not None and raw in options:
        return Single(param, raw)
    if raw and raw not in known_elsewhere:
        warning = (
            f"Okänt värde i adressen ({param}={md_literal(raw)}); "
            f"visar {shown(options[0])} i stället."
        )
        return Single(param, options[0], (warning,))
    return Single(param, options[0])


def url_choice(
    label: str,
    options: Sequence[str],
    *,
    param: str,
    key: str,
    format_func: Callable[[str], str] = str,
    known_elsewhere: Collection[str] = (),
    horizontal_radio: bool = False,
    container: DeltaGenerator | None = None,
    help: str | None = None,
) -> str:
    """A selectbox (or horizontal radio) whose value lives in ?<param>=.

    A value of another page (in known_elsewhere) falls back quietly to the first option; an
    unknown one falls back with a visible notice.
    """
    group = UrlGroup(
        key,
        (param,),
        lambda raw: parse_single(raw.get(param), param, options, format_func, known_elsewhere),
    )
    value, _ = group.read()
    current = value.value if value.value in options else options[0]
    st.session_state[key] = current

    def _keep() -> None:
        group.remember(Single(param, st.session_state[key]))

    box = container or st
    if horizontal_radio:
        chosen = box.radio(
            label, options, key=key, format_func=format_func, horizontal=True, on_change=_keep
        )
    else:
        chosen = box.selectbox(
            label,
            options,
            key=key,
            format_func=format_func,
            on_change=_keep,
            help=help,
            placeholder="Välj",
        )
    group.write(Single(param, chosen))
    return chosen


def drop_param(param: str) -> None:
    """Remove a page-level parameter that does not apply to the current page."""
    if param in st.query_params:
        del st.query_params[param]
