"""Print the house's structure counts (issue 21): role names, modules per feature, sizes.

Run from the repo root: `python tools/structure_count.py`. Used before and after a regrouping so
the closing note can compare them; it reads files only.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FUNCTION_LINES = 40


def _functions(path: Path) -> list[tuple[int, str]]:
    """(lines, qualified name) of every function in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno:
            name = f"{path.relative_to(ROOT)}:{node.name}"
            found.append((node.end_lineno - node.lineno + 1, name))
    return found


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def main() -> None:
    """Print the counts."""
    features = [p for p in sorted((ROOT / "trygghet").iterdir()) if (p / "__init__.py").exists()]
    names: Counter[str] = Counter()
    print("modules per folder of trygghet/:")
    for folder in features:
        modules = [p.stem for p in folder.glob("*.py") if p.stem != "__init__"]
        names.update(modules)
        print(f"  {folder.name:12} {len(modules):3}  {' '.join(sorted(modules))}")
    print(f"distinct module names in trygghet/: {len(names)}")
    for side in ("etl", "trygghet"):
        files = [p for p in (ROOT / side).rglob("*.py")]
        biggest = sorted(((_lines(p), str(p.relative_to(ROOT))) for p in files), reverse=True)[:3]
        funcs = sorted((f for p in files for f in _functions(p)), reverse=True)
        long = [f for f in funcs if f[0] > MAX_FUNCTION_LINES]
        print(f"{side}: largest modules {biggest}")
        print(f"{side}: largest functions {funcs[:3]}")
        print(f"{side}: functions over {MAX_FUNCTION_LINES} lines: {len(long)}")
    pages = sorted((ROOT / "pages").glob("*.py"))
    print(f"pages: {len(pages)}, largest {max(_lines(p) for p in pages)} lines")
    print(f"README.md lines: {_lines(ROOT / 'README.md')}")
    tests = list((ROOT / "tests").rglob("test_*.py"))
    folders = sorted({str(p.parent.relative_to(ROOT)) for p in tests})
    print(f"test files: {len(tests)} in {len(folders)} folders: {folders}")


if __name__ == "__main__":
    main()
