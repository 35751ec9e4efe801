"""Every check has a Vietnamese title beside it (`title="…"` on its `-- check:` line): the
data-quality page shows the title, never the English name."""

from __future__ import annotations

import textwrap

from pipelines.settings import SQL_DIR
from pipelines.warehouse import models as wm


def test_the_title_is_read_from_the_check_line():
    text = textwrap.dedent("""\
        -- check: one severity=warn title="Hồ sơ thiếu ngày"
        -- mô tả
        SELECT 1 WHERE false;

        -- check: two severity=fail
        -- không có tên
        SELECT 2
        """)
    checks = wm.parse_checks(text, "m")
    assert [(c.name, c.severity, c.title, c.description) for c in checks] == [
        ("one", "warn", "Hồ sơ thiếu ngày", "mô tả"),
        ("two", "fail", "", "không có tên"),
    ]


def test_every_check_of_the_project_has_a_vietnamese_title():
    checks = wm.model_checks(wm.discover(SQL_DIR))
    assert len(checks) >= 30
    untitled = [c.name for c in checks if not c.title]
    assert untitled == []
    # a title is words, not the name again: no underscore, and at least one Vietnamese letter
    for c in checks:
        assert "_" not in c.title, c.name
        assert any(ch in c.title for ch in "àáảãạăâđèéêìíòóôơùúưỳýạệộ"), c.name
    assert wm.check_titles(SQL_DIR)["unknown_agency"] == "Hồ sơ của đơn vị chưa có trong danh mục đơn vị"
