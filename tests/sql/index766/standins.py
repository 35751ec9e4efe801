"""Throwaway stand-ins for the shared QĐ 766 models that another part of issue 16 writes
(eval_unit, dossier_766, dossier_766_period, tthc_ap_dung; docs/index-766-indicators-3-5.md,
"Interface"). They are added to a copy of sql/ only while the repository lacks the real model,
so the same tests run over the real models once they are merged. Deliberately minimal: an
agency is its own evaluated unit, the dossier's end is its resolution or its supplement
request (index-766.md §2), the procedures applied come from TTHC_DONVI or, without it, from the
catalogue's levels."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipelines.settings import SQL_DIR

STANDINS: dict[str, str] = {
    "eval_unit": """
SELECT ma_don_vi, ma_don_vi AS eval_ma_don_vi, level AS eval_level FROM dim_agency
""",
    "dossier_766": """
WITH base AS (
    SELECT d.*, u.eval_ma_don_vi, u.eval_level, r.as_of,
        d.trang_thai = 5 AND d.so_lan_yeu_cau_bo_sung >= 1 AND d.so_lan_cong_dan_bo_sung = 0 AS waits
    FROM fct_dossier AS d CROSS JOIN run_params AS r
    LEFT JOIN eval_unit AS u ON coalesce(d.ma_co_quan_thuc_hien, d.ma_don_vi) = u.ma_don_vi
)
SELECT ma_ho_so, eval_ma_don_vi, eval_level, ngay_tiep_nhan, is_received,
    CASE WHEN is_resolved THEN ngay_ket_thuc_xu_ly WHEN waits THEN last_supplement_request_at END AS ket_thuc_766,
    CASE WHEN is_resolved THEN 'ket_thuc' WHEN waits THEN 'cho_bo_sung' ELSE 'mo' END AS ket_thuc_source,
    CASE
        WHEN is_resolved THEN ngay_hen_tra_d IS NULL OR ngay_ket_thuc_d <= ngay_hen_tra_d
        WHEN waits AND so_lan_yeu_cau_bo_sung > 1 THEN false
        WHEN waits THEN ngay_hen_tra_d IS NULL OR CAST(last_supplement_request_at AS DATE) <= ngay_hen_tra_d
        ELSE ngay_hen_tra_d IS NULL OR as_of <= ngay_hen_tra_d
    END AS dung_han_766,
    waits AS in_supplement_wait_at_e,
    coalesce(da_dong_bo_dvcqg, false) AS synced_at_e,
    []::VARCHAR[] AS flags
FROM base WHERE is_received
""",
    "dossier_766_period": """
SELECT d.ma_ho_so, p.period AS period_id, true AS in_ho_so_xu_ly
FROM dossier_766 AS d
INNER JOIN dim_period AS p ON CAST(d.ngay_tiep_nhan AS DATE) <= p.effective_end
WHERE d.ket_thuc_766 IS NULL
    OR CAST(d.ket_thuc_766 AS DATE) BETWEEN p.period_start AND p.effective_end
    OR CAST(d.ket_thuc_766 AS DATE) > p.effective_end
""",
    "tthc_ap_dung": """
SELECT DISTINCT period_id, eval_ma_don_vi AS ma_don_vi, ma_tthc, 'tthc_donvi' AS source
FROM tthc_donvi_766_period
UNION ALL
SELECT DISTINCT c.period AS period_id, u.eval_ma_don_vi AS ma_don_vi, c.ma_tthc, 'cap_thuc_hien' AS source
FROM catalog_of_period AS c
INNER JOIN eval_unit AS u ON c.level = u.eval_level
WHERE c.period NOT IN (SELECT period_id FROM tthc_donvi_766_period)
    AND c.loai_tthc IS DISTINCT FROM 'noi_bo'
""",
}


def sql_dir_with_standins(target: Path) -> Path:
    """A copy of sql/ under `target`, with a stand-in for each shared model sql/ lacks."""
    shutil.copytree(SQL_DIR, target)
    for name, query in STANDINS.items():
        if (SQL_DIR / "index766" / name).is_dir():
            continue
        folder = target / "index766" / name
        folder.mkdir(parents=True)
        (folder / "query.sql").write_text(query.strip() + "\n", encoding="utf-8")
        (folder / "metadata.yaml").write_text(
            f"name: {name}\nfriendly_name_vi: Thay thế tạm cho kiểm thử\nmaterialized: table\nsensitivity: noi_bo\n",
            encoding="utf-8",
        )
    return target
