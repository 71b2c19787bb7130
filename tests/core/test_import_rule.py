"""The read side's import rule (CONTRIBUTING.md) holds: import-linter's contracts in pyproject.toml.

Run here so the README's test command checks it; `lint-imports` prints the same report.
"""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

import pytest
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

REPO = Path(__file__).resolve().parents[2]


def test_the_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(REPO)
    status = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == EXIT_STATUS_SUCCESS, report
    assert "0 broken" in report


# dashboard.py is a script, which import-linter cannot read: it may import the router's needs
# (Streamlit, the pages' list, the tab title, the heap freeze) and nothing that reads data.
DASHBOARD_IMPORTS = {
    "logging",
    "pathlib",
    "streamlit",
    "catalogues",
    "trygghet.core.heap",
    "trygghet.sidebar.text",
}


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_entrypoint_imports_no_data_work() -> None:
    assert _imported(REPO / "dashboard.py") <= DASHBOARD_IMPORTS


def test_the_check_of_the_entrypoint_can_fail(tmp_path: Path) -> None:
    script = tmp_path / "dashboard.py"
    script.write_text("import streamlit as st\nfrom trygghet.indicators import queries\n")
    assert not _imported(script) <= DASHBOARD_IMPORTS


def test_a_page_that_imports_a_query_breaks_the_contract(
    monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    """The pages contract is not vacuous: a page importing a query is reported as broken."""
    copy = tmp_path / "repo"
    for part in ("trygghet", "pages", "catalogues", "etl"):
        shutil.copytree(REPO / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    (copy / "pages" / "bad.py").write_text("from trygghet.indicators import queries\n")
    monkeypatch.chdir(copy)
    monkeypatch.syspath_prepend(str(copy))
    for name in [
        m for m in sys.modules if m.split(".")[0] in ("pages", "trygghet", "catalogues", "etl")
    ]:
        monkeypatch.delitem(sys.modules, name)
    status = lint_imports(config_filename=str(copy / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status != EXIT_STATUS_SUCCESS
    assert "pages.bad -> trygghet.indicators.queries" in report
