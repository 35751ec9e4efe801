-- satisfaction_rate (metrics.md): the evaluation of each dossier in P (core_danhgia_period: the
-- newest of its evaluations dated in P, <= E); num = muc_do_hai_long in {4, 5}. Evaluations dated
-- after D and orphans (dossier unknown) are not in core_danhgia. One fact per (dossier, period):
-- unit_id = ma_ho_so, level and agency the dossier's.
SELECT
    'satisfaction_rate' AS metric_id,
    evaluation.period,
    evaluation.level,
    evaluation.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    evaluation.ma_ho_so AS unit_id,
    CASE WHEN evaluation.muc_do_hai_long IN (4, 5) THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM core_danhgia_period AS evaluation
