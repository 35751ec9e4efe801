-- satisfaction_rate_by_field_group (metrics.md): as satisfaction_rate (newest evaluation per
-- dossier among those dated in P), for the dossiers whose ten_linh_vuc, NFC-normalised, trimmed
-- and lower-cased, is one of the names of a field group of the plan file(s) (plan_field_groups,
-- names stored the same way). One fact per (dossier, period, group): group_key = the group.
WITH newest AS (
    SELECT p.period, e.*
    FROM core_danhgia AS e
    JOIN dim_period AS p ON e.ngay_danh_gia BETWEEN p.period_start AND p.effective_end
    QUALIFY row_number() OVER (
        PARTITION BY p.period, e.ma_ho_so
        ORDER BY e.thoi_diem DESC, e._landed_seq DESC, e._row DESC, e.ma_danh_gia DESC) = 1
), groups AS (
    SELECT DISTINCT group_key, ten_linh_vuc FROM plan_field_groups
)
SELECT DISTINCT
    'satisfaction_rate_by_field_group' AS metric_id,
    n.period, n.level, n.ma_don_vi, g.group_key,
    n.ma_ho_so AS unit_id,
    CASE WHEN n.muc_do_hai_long IN (4, 5) THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM newest AS n
JOIN groups AS g ON g.ten_linh_vuc = n.ten_linh_vuc_norm
