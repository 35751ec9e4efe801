-- satisfaction_rate_by_field_group (metrics.md): as satisfaction_rate (the evaluation of each
-- dossier in P, core_danhgia_period), for the dossiers whose ten_linh_vuc, NFC-normalised, trimmed
-- and lower-cased, is one of the names of a field group of the plan file(s) (plan_field_groups,
-- names stored the same way). One fact per (dossier, period, group): group_key = the group.
WITH field_group_names AS (
    SELECT DISTINCT
        group_key,
        ten_linh_vuc
    FROM plan_field_groups
)

SELECT DISTINCT
    'satisfaction_rate_by_field_group' AS metric_id,
    evaluation.period,
    evaluation.level,
    evaluation.ma_don_vi,
    field_group_names.group_key,
    evaluation.ma_ho_so AS unit_id,
    CASE WHEN evaluation.muc_do_hai_long IN (4, 5) THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM core_danhgia_period AS evaluation
INNER JOIN field_group_names ON evaluation.ten_linh_vuc_norm = field_group_names.ten_linh_vuc
