"""Every Markdown call on a page shows outside text only through the one renderer.

An AST scan over `trygghet/`, `pages/` and `dashboard.py` finds each call that Streamlit
renders as Markdown (st.markdown, st.caption, the notices st.info/warning/error/success, titles
and headers, st.write, on `st` or on any container) and checks that its text is built only from
safe parts (docs/security.md, "Markdown from outside text"):

- a string constant, or an f-string/concatenation/join made of safe parts;
- a call of `md_esc` or `md_literal` (trygghet.core.format), or of a number or date formatter;
- a name, attribute or function whose name ends in `_md` or `_markdown` (a value its producer
  built through the renderer: the suffix is the promise, and such producers are scanned too
  when they build text in the same module), or an UPPER_CASE module constant;
- a formatted value with a format spec (`{year:d}`, `{x:.1f}`, `{ts:%Y-%m-%d}`): a number or date.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHOWN = {
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "toast",
    "title",
    "header",
    "subheader",
    "write",
}
RENDERERS = {"md_esc", "md_literal"}
# Functions that return numbers, dates or fixed words, never outside text.
FORMATTERS = {
    "fmt_num",
    "fmt_value",
    "fmt_change",
    "when",
    "int",
    "len",
    "round",
    "format_age",
    "week_label",
    "period_label",
    "kpi_url",
}
# Names that hold numbers, years or the catalogue's own ids wherever they appear.
NUMBERS = {"year", "year_from", "year_to", "n", "start", "end", "pop_year", "kpi", "kpi_id"}
SAFE_SUFFIXES = ("_md", "_markdown")


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


class Scope:
    """What the scan knows while judging one expression: the function it stands in (its local
    assignments and list appends) and every function of the scanned files by name."""

    def __init__(self, functions: dict[str, list[ast.FunctionDef]], here: ast.AST | None) -> None:
        self.functions = functions
        self.here = here
        self.judging: set[str] = set()

    def local_values(self, name: str) -> list[ast.expr] | None:
        """Every value assigned or appended to `name` in the enclosing function (None: not
        a local: a parameter or a global)."""
        if self.here is None:
            return None
        values: list[ast.expr] = []
        for node in ast.walk(self.here):
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name) and t.id == name and node.value is not None:
                        values.append(node.value)
                    if isinstance(t, ast.Tuple) and any(
                        isinstance(e, ast.Name) and e.id == name for e in t.elts
                    ):
                        return []  # unpacked from a call: unknown
            if isinstance(node, ast.For | ast.comprehension):
                target = node.target
                if isinstance(target, ast.Name) and target.id == name:
                    values.append(node.iter)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("append", "extend")
                and _name(node.func.value) == name
            ):
                values.extend(node.args)
        return values or None

    def returns_safe(self, name: str) -> bool:
        """Whether every function of that name returns only safe text (checked once)."""
        defs = self.functions.get(name)
        if not defs or name in self.judging:
            return False
        self.judging.add(name)
        try:
            for fn in defs:
                inner = Scope(self.functions, fn)
                inner.judging = self.judging
                for node in ast.walk(fn):
                    returned = node.value if isinstance(node, ast.Return) else None
                    if returned is not None and not inner.safe(returned):
                        return False
            return True
        finally:
            self.judging.discard(name)

    def safe(self, node: ast.expr) -> bool:
        """Whether an expression can only produce renderer-built or constant Markdown."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(v) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            return node.format_spec is not None or self.safe(node.value)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            return self.safe(node.left) and self.safe(node.right)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body) and self.safe(node.orelse)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v) for v in node.values)
        if isinstance(node, ast.Subscript):  # a fixed table's entry: TABLE[key]
            return _name(node.value) is not None and (_name(node.value) or "").isupper()
        if isinstance(node, ast.Call):
            func = _name(node.func) or ""
            if func in RENDERERS | FORMATTERS or func.endswith(SAFE_SUFFIXES):
                return True
            if func == "join" and isinstance(node.func, ast.Attribute):
                return self.safe(node.func.value) and all(self.safe(a) for a in node.args)
            if func in ("upper", "lower", "capitalize", "strip") and not node.args:
                return isinstance(node.func, ast.Attribute) and self.safe(node.func.value)
            if func in ("list", "tuple", "sorted", "reversed") and node.args:
                return self.safe(node.args[0])
            return self.returns_safe(func)
        if isinstance(node, ast.GeneratorExp | ast.ListComp):
            return self.safe(node.elt)
        if isinstance(node, ast.List | ast.Tuple):
            return all(self.safe(e) for e in node.elts)
        if isinstance(node, ast.Starred):
            return self.safe(node.value)
        name = _name(node)
        if name is None:
            return False
        if name.endswith(SAFE_SUFFIXES) or name in NUMBERS or (name.isupper() and len(name) > 1):
            return True
        if isinstance(node, ast.Name):
            values = self.local_values(name)
            if values:
                self.here, saved = None, self.here  # no loops through self-assignments
                try:
                    return all(self.safe(v) for v in values)
                finally:
                    self.here = saved
        return False


def _text_arg(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == "body":
            return kw.value
    return call.args[0] if call.args else None


def _files() -> list[Path]:
    return [
        REPO / "dashboard.py",
        *sorted((REPO / "pages").glob("*.py")),
        *sorted((REPO / "trygghet").rglob("*.py")),
    ]


def _functions(trees: list[ast.Module]) -> dict[str, list[ast.FunctionDef]]:
    found: dict[str, list[ast.FunctionDef]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                found.setdefault(node.name, []).append(node)
    return found


def unsafe_calls(
    source: str, functions: dict[str, list[ast.FunctionDef]] | None = None
) -> list[tuple[int, str, str]]:
    """(line, function, code) of every Markdown call whose text is not built from safe parts."""
    tree = ast.parse(source)
    functions = functions if functions is not None else _functions([tree])
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in SHOWN:
            continue
        if node.func.attr == "write" and _name(node.func.value) not in ("st", "sb"):
            continue  # a UrlGroup's write, not Streamlit's
        text = _text_arg(node)
        here: ast.AST | None = node
        while here is not None and not isinstance(here, ast.FunctionDef | ast.Module):
            here = parents.get(here)
        if text is not None and not Scope(functions, here).safe(text):
            where = here.name if isinstance(here, ast.FunctionDef) else "<module>"
            found.append((node.lineno, where, ast.unparse(node)[:160]))
    return found


# Calls written before the scan whose text the scan cannot follow (attributes of a view object,
# a function of another module taking the text as an argument), each read and found to carry
# no outside text unescaped: "file:function" -> (how many, why). The scan still fails on a new
# call in any function, and on one more in these. Keyed by folder/file and function, not line,
# so that editing around these calls keeps the entry.
REVIEWED: dict[str, tuple[int, str]] = {
    "about/views.py:page": (1, "erratum link target: the catalogue's reviewed evidence URL"),
    "overview/views.py:page": (2, "the summary, built with md_esc in overview.text"),
    "overview/views.py:_card": (4, "card text built with md_esc in overview.data; KPI ids"),
    "schools/views.py:_over_time": (4, "measure labels and years from schools.measures"),
    "schools/views.py:_school_map": (1, "school names escaped by schools.bundles.map_view"),
    "incidents/views.py:_scope": (1, "period labels of dates"),
    "incidents/views.py:_map": (3, "population notes of years and numbers"),
    "themes/views.py:_map": (2, "ranking text, md_esc in themes.text"),
    "themes/views.py:_ranking": (
        2,
        "ranking text, md_esc in themes.text",
    ),
    "themes/views.py:theme_page": (
        3,
        "title, intro, caveats: constants of pages/*.py",
    ),
    "indicators/views.py:render_indicator": (
        3,
        "indicators.text: numbers and md_esc names",
    ),
    "indicators/views.py:_about": (1, "erratum link target: the catalogue's reviewed evidence URL"),
    "programme/views.py:details": (
        1,
        "programme card parts, each md_esc above the call",
    ),
    "samband/views.py:show_numbers": (1, "samband.text sentences of numbers"),
    "samband/views.py:show_scatter": (1, "samband.text caption with md_esc names"),
    "samband/views.py:show_result": (1, "samband.text reading of numbers and md_esc labels"),
    "samband/views.py:_time_tab": (1, "the catalogue's KPI ids"),
    "sidebar/views.py:page_setup": (1, "freshness line: the ETL's own source names and times"),
}


def test_every_markdown_call_shows_outside_text_through_the_renderer() -> None:
    sources = {path: path.read_text(encoding="utf-8") for path in _files()}
    functions = _functions([ast.parse(text) for text in sources.values()])
    found: dict[str, list[str]] = {}
    for path, text in sources.items():
        for line, where, code in unsafe_calls(text, functions):
            found.setdefault(f"{path.parent.name}/{path.name}:{where}", []).append(
                f"{path}:{line}: {code}"
            )
    problems = [
        line
        for key, lines in found.items()
        if len(lines) > REVIEWED.get(key, (0, ""))[0]
        for line in lines
    ]
    assert not problems, (
        "Markdown text not built through md_esc/md_literal (docs/security.md):\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize(
    ("code", "flagged"),
    [
        ("st.markdown('**Fast text**')", False),
        ("st.markdown(f'I {md_esc(name)} år {year:d}')", False),
        ("st.caption(kommun_md + ' ' + SOURCE)", False),
        ("st.warning(', '.join(md_literal(p) for p in parts))", False),
        ("st.markdown(f'I {name}')", True),
        ("st.info(row['summary'])", True),
        ("sb.caption(text)", True),
        ("st.container(border=True).markdown(name + 'x')", True),
        ("st.error(f'{md_esc(a)} {b}')", True),
    ],
)
def test_the_scan_tells_safe_from_unsafe(code: str, flagged: bool) -> None:
    assert bool(unsafe_calls(code)) is flagged
