-- task_completion_rate (metrics.md; per milestone target id): den = NHIEMVU rows of that code
-- with han <= E (every such row, whenever due), num = those with ngay_hoan_thanh <= han (a
-- completion dated after D is unknown). group_key = the code (the target id / task).
-- Codes = the register codes that are not an activity code of a loaded plan
-- (plan_targets.activity).
SELECT
    'task_completion_rate' AS metric_id,
    dim_period.period,
    task_row.level,
    task_row.ma_don_vi,
    task_row.ma_nhiem_vu AS group_key,
    task_row.unit_id,
    CASE WHEN task_row.ngay_hoan_thanh <= task_row.han THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM core_nhiemvu AS task_row
INNER JOIN dim_period ON task_row.han <= dim_period.effective_end
WHERE task_row.ma_nhiem_vu NOT IN (
    SELECT activity FROM plan_targets
    WHERE activity IS NOT null
)
