"""Readers of the index's views for the hand-made tests (docs/index-766.md)."""

from __future__ import annotations

from typing import Any

from tests.warehouse.helpers import rows


def indicator(con, indicator_id: str, period: str, level: str, ma_don_vi: str | None = None) -> dict[str, Any]:
    """The one index766_indicator row of (indicator, period, level, unit)."""
    found = rows(
        con,
        "SELECT * FROM index766_indicator WHERE indicator_id = ? AND period = ? AND level = ? "
        "AND ma_don_vi IS NOT DISTINCT FROM ?",
        [indicator_id, period, level, ma_don_vi],
    )
    assert len(found) == 1, found
    return found[0]


def loss(con, indicator_id: str, period: str) -> dict[str | None, dict[str, Any]]:
    """index766_loss rows of (indicator, period) by unit (None: the unattributed records)."""
    found = rows(con, "SELECT * FROM index766_loss WHERE indicator_id = ? AND period = ?", [indicator_id, period])
    return {r["ma_don_vi"]: r for r in found}


def facts(con, indicator_id: str, period: str, ma_don_vi: str | None = None) -> dict[str, dict[str, Any]]:
    """index766_facts of (indicator, period[, unit]) by record_key."""
    sql = "SELECT * FROM index766_facts WHERE indicator_id = ? AND period_id = ?"
    params: list[Any] = [indicator_id, period]
    if ma_don_vi is not None:
        sql += " AND ma_don_vi = ?"
        params.append(ma_don_vi)
    return {r["record_key"]: r for r in rows(con, sql, params)}


def run_check(con, model: str, name: str) -> list[dict[str, Any]]:
    """The offending rows of the check `name` of sql/index766/<model>/checks.sql, run on `con`."""
    from pipelines.settings import SQL_DIR
    from pipelines.warehouse.models import parse_checks

    text = (SQL_DIR / "index766" / model / "checks.sql").read_text(encoding="utf-8")
    found = [c for c in parse_checks(text, model) if c.name == name]
    assert len(found) == 1, name
    return rows(con, found[0].sql)
