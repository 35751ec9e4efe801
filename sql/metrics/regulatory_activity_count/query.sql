-- regulatory_activity_count (metrics.md; unit: count): num = so_luong (empty = 1) of the
-- NHIEMVU rows of an activity code completed in P (ngay_hoan_thanh in P, <= E); den empty;
-- group_key = the code. Activity codes = the register codes that are not a milestone task of
-- a loaded plan (plan_targets.task), so every activity, planned or not, is counted.
SELECT
    'regulatory_activity_count' AS metric_id,
    dim_period.period,
    task_row.level,
    task_row.ma_don_vi,
    task_row.ma_nhiem_vu AS group_key,
    task_row.unit_id,
    CAST(task_row.so_luong_tinh AS DOUBLE) AS num,
    CAST(null AS DOUBLE) AS den
FROM core_nhiemvu AS task_row
INNER JOIN dim_period ON task_row.ngay_hoan_thanh BETWEEN dim_period.period_start AND dim_period.effective_end
WHERE task_row.ma_nhiem_vu NOT IN (
    SELECT task FROM plan_targets
    WHERE kind = 'milestone' AND task IS NOT null
)
