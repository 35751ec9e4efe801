"""Session fixtures: one small warehouse built from hand-made records, and the whole report
site rendered from it once (the tests then read the files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.reports.render import render_reports
from tests.reports.fixture_data import build_fixture_db
from tests.sql.worlds.index766_portal import example_ac_portal  # noqa: F401  (the QĐ 766 page and inspections)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    return build_fixture_db(tmp_path_factory.mktemp("reports_db"))


@pytest.fixture(scope="session")
def site(fixture_db, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("site")
    seen = []
    checks = [
        {
            "model": "fct_dossier",
            "name": "ngay_hen_tra_truoc_tiep_nhan",
            "severity": "warn",
            "failing_rows": 2,
            "description": "Ngày hẹn trả trước ngày tiếp nhận",
        }
    ]
    res = render_reports(
        fixture_db, out, run_id="test-run", progress=lambda d, t, label: seen.append((d, t, label)), checks=checks
    )
    res["_progress"] = seen
    return res
