-- satisfaction_rate (metrics.md): evaluations dated in P (date of thoi_diem in P, <= E); of
-- those, the newest one per dossier (latest thoi_diem, then the file landed last);
-- num = muc_do_hai_long in {4, 5}. Evaluations dated after D and orphans (dossier unknown) are
-- not in core_danhgia. One fact per (dossier, period): unit_id = ma_ho_so, level and agency
-- the dossier's.
SELECT
    'satisfaction_rate' AS metric_id,
    p.period, e.level, e.ma_don_vi, CAST(NULL AS VARCHAR) AS group_key,
    e.ma_ho_so AS unit_id,
    CASE WHEN e.muc_do_hai_long IN (4, 5) THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM core_danhgia AS e
JOIN dim_period AS p ON e.ngay_danh_gia BETWEEN p.period_start AND p.effective_end
QUALIFY row_number() OVER (
    PARTITION BY p.period, e.ma_ho_so
    ORDER BY e.thoi_diem DESC, e._landed_seq DESC, e._row DESC, e.ma_danh_gia DESC) = 1
