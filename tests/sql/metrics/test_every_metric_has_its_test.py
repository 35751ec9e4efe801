"""Issue 12: a metric is its folder sql/metrics/<id>/, its target in a plan and its hand-made test
tests/sql/metrics/test_<id>.py. A new metric without its test file (holding at least one test
function) fails here."""

from __future__ import annotations

import ast
from pathlib import Path

from pipelines.settings import PROJECT_ROOT, SQL_DIR

METRICS_DIR = SQL_DIR / "metrics"
TESTS_DIR = PROJECT_ROOT / "tests" / "sql" / "metrics"


def _test_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]


def test_every_metric_folder_has_its_test_file_with_a_test():
    metric_ids = sorted(p.name for p in METRICS_DIR.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    assert metric_ids, METRICS_DIR
    missing = [m for m in metric_ids if not (TESTS_DIR / f"test_{m}.py").is_file()]
    assert missing == [], f"metrics without tests/sql/metrics/test_<id>.py: {missing}"
    empty = [m for m in metric_ids if not _test_functions(TESTS_DIR / f"test_{m}.py")]
    assert empty == [], f"metric test files without a test function: {empty}"
