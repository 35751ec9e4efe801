"""Early warning: dossiers open at T and due within N working days (metrics.md, "Due soon at T";
macro `is_due_soon_at`, sql/macros/due_soon.sql), counted per receiving unit.

One definition for the overview, the unit pages and the nightly run summary; the list behind a
count is the named inspection `ho_so_sap_den_han` (`INSPECTION`), which an inspector runs with
`inspection_command`. N is `MOTCUA_DUE_SOON_DAYS` (pipelines.settings.due_soon_days).

Plain DuckDB cursors, no pandas (the run summary imports this module).
"""

from __future__ import annotations

from datetime import date
from typing import Any

INSPECTION = "ho_so_sap_den_han"
OVERDUE_INSPECTION = "qua_han_dang_mo_theo_don_vi"

# per unit: due soon and, for the same units, open overdue at T (the two counts a unit page shows)
BY_UNIT_SQL = """
SELECT dossier.ma_don_vi,
       coalesce(agency.ten_don_vi, dossier.ma_don_vi) AS ten_don_vi,
       dossier.level,
       count(*) FILTER (WHERE is_due_soon_at(dossier, CAST($t AS DATE), CAST($n AS INTEGER))) AS sap_den_han,
       count(*) FILTER (WHERE is_open_overdue_at(dossier, CAST($t AS DATE))) AS qua_han_dang_mo
FROM fct_dossier AS dossier
LEFT JOIN dim_agency AS agency ON dossier.ma_don_vi = agency.ma_don_vi
WHERE is_open_at(dossier, CAST($t AS DATE))
  AND (CAST($unit AS VARCHAR) IS NULL OR dossier.ma_don_vi = CAST($unit AS VARCHAR))
GROUP BY ALL
HAVING sap_den_han > 0 OR qua_han_dang_mo > 0
ORDER BY sap_den_han DESC, qua_han_dang_mo DESC, dossier.ma_don_vi
"""

WINDOW_END_SQL = "SELECT greatest(CAST($t AS DATE), wd_add(CAST($t AS DATE), CAST($n AS INTEGER)))"


def by_unit(con, t: date, n: int, ma_don_vi: str | None = None) -> list[dict[str, Any]]:
    """Units with dossiers due soon or open overdue at t (ma_don_vi, ten_don_vi, level,
    sap_den_han, qua_han_dang_mo), most due soon first; one unit when `ma_don_vi` is given."""
    cur = con.execute(BY_UNIT_SQL, {"t": t, "n": n, "unit": ma_don_vi})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def unit_counts(con, t: date, n: int, ma_don_vi: str) -> dict[str, int]:
    """{'sap_den_han': …, 'qua_han_dang_mo': …} of one unit at t (zeros when it has none)."""
    rows = by_unit(con, t, n, ma_don_vi)
    return {k: int(rows[0][k]) if rows else 0 for k in ("sap_den_han", "qua_han_dang_mo")}


def window_end(con, t: date, n: int) -> date:
    """The last appointment date that is "due soon" at t: the n-th working day after t (t itself
    when that is earlier)."""
    return con.execute(WINDOW_END_SQL, {"t": t, "n": n}).fetchone()[0]


def inspection_command(n: int, ma_don_vi: str | None = None, t: date | None = None) -> str:
    """The command an inspector types for the list behind a count."""
    cmd = f"motcua sql --query {INSPECTION} --param so_ngay={n}"
    if ma_don_vi:
        cmd += f" --param don_vi={ma_don_vi}"
    if t is not None:
        cmd += f" --param den_ngay={t:%d/%m/%Y}"
    return cmd


def overdue_command(ma_don_vi: str | None = None) -> str:
    """The command for the open overdue dossiers at the as-of date, by unit."""
    return f"motcua sql --query {OVERDUE_INSPECTION}" + (f" --param don_vi={ma_don_vi}" if ma_don_vi else "")
