"""The run's plan as the reports name it: decision number, signing date and province come from
`plan_info` (the row of `run_params.plan_id`), never from text typed into a report."""

from __future__ import annotations

import re
from typing import Any


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def run_plan(con) -> dict[str, Any]:
    """plan_info's row of the run's plan (run_params.plan_id), else its first plan by sort_order;
    {} when no plan is loaded. Values as DuckDB returns them (signed: a date)."""
    tables = _tables(con)
    if "plan_info" not in tables:
        return {}
    run_plan_id = "(SELECT max(plan_id) FROM run_params)" if "run_params" in tables else "NULL"
    cur = con.execute(f"""SELECT * FROM plan_info
                          ORDER BY plan_id IS NOT DISTINCT FROM {run_plan_id} DESC, sort_order, plan_id
                          LIMIT 1""")
    row = cur.fetchone()
    if row is None:
        return {}
    return dict(zip([d[0] for d in cur.description], row))


def place_name(province_name: str | None) -> str:
    """'Tỉnh <name>' → '<name>' (the place a signed form is dated at)."""
    return re.sub(r"^(tỉnh|thành phố)\s+", "", (province_name or "").strip(), flags=re.I)
