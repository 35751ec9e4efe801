"""The site's list of overdue dossiers: one definition for the pages and the official form.

docs/metrics.md, "Terms": the **overdue dossiers of P** are those resolved in P with `qua_han`
plus those **open overdue at E** (macro `is_open_overdue_at`, sql/macros/open_overdue.sql: a
dossier waiting for the citizen's supplement — status 5, the clock stopped — is not overdue).
The Tiến độ page lists them; Biểu 06's column 13 must count exactly the open ones at T, and
`write_bieu06` refuses to write a form whose column 13 differs from `open_overdue_count`.

Plain DuckDB cursors, no pandas: `pipelines.reports.bieu06` imports this module.
"""

from __future__ import annotations

from datetime import date
from typing import Any

NO_FIELD = "Chưa xác định lĩnh vực"

OVERDUE_SQL = """
SELECT overdue_dossier.ma_ho_so,
       overdue_dossier.ma_don_vi,
       coalesce(agency.ten_don_vi, overdue_dossier.ma_don_vi) AS ten_don_vi,
       overdue_dossier.level,
       coalesce(nullif(trim(overdue_dossier.ten_linh_vuc), ''), $no_field) AS linh_vuc,
       overdue_dossier.is_resolved AND overdue_dossier.ngay_ket_thuc_d BETWEEN $p0 AND $e AS da_giai_quyet,
       overdue_dossier.first_apology_d IS NOT NULL AND overdue_dossier.first_apology_d <= $e AS co_xin_loi
FROM fct_dossier AS overdue_dossier
LEFT JOIN dim_agency AS agency ON overdue_dossier.ma_don_vi = agency.ma_don_vi
WHERE (overdue_dossier.is_resolved
       AND overdue_dossier.ngay_ket_thuc_d BETWEEN $p0 AND $e
       AND overdue_dossier.timeliness = 'qua_han')
   OR is_open_overdue_at(overdue_dossier, $e)
ORDER BY overdue_dossier.ma_ho_so
"""

OPEN_OVERDUE_COUNT_SQL = """
SELECT count(*) FROM fct_dossier AS open_dossier WHERE is_open_overdue_at(open_dossier, $e)
"""

OPEN_OVERDUE_BY_AGENCY_SQL = """
SELECT open_dossier.ma_don_vi, count(*) AS so_ho_so
FROM fct_dossier AS open_dossier
WHERE is_open_overdue_at(open_dossier, $e)
GROUP BY open_dossier.ma_don_vi
"""


def overdue_rows(con, p0: date, e: date) -> list[dict[str, Any]]:
    """The overdue dossiers of [p0, e]: resolved late in it, or open overdue at e (one dict per
    dossier: ma_ho_so, ma_don_vi, ten_don_vi, level, linh_vuc, da_giai_quyet, co_xin_loi)."""
    cur = con.execute(OVERDUE_SQL, {"p0": p0, "e": e, "no_field": NO_FIELD})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def open_overdue_count(con, e: date) -> int:
    """How many dossiers are open overdue at e (the `da_giai_quyet = false` rows of the list)."""
    return int(con.execute(OPEN_OVERDUE_COUNT_SQL, {"e": e}).fetchone()[0])


def open_overdue_by_agency(con, e: date) -> dict[str | None, int]:
    """open_overdue_count by receiving agency (ma_don_vi): the list's open rows of each agency,
    for the agencies' own Biểu 06."""
    return {a: int(n) for a, n in con.execute(OPEN_OVERDUE_BY_AGENCY_SQL, {"e": e}).fetchall()}
