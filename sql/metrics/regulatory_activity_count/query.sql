-- regulatory_activity_count (metrics.md; unit: count): num = so_luong (empty = 1) of the
-- NHIEMVU rows of an activity code completed in P (ngay_hoan_thanh in P, <= E); den empty;
-- group_key = the code. Activity codes = the register codes that are not a milestone task of
-- a loaded plan (plan_targets.task), so every activity, planned or not, is counted.
SELECT
    'regulatory_activity_count' AS metric_id,
    p.period,
    n.level,
    n.ma_don_vi,
    n.ma_nhiem_vu AS group_key,
    n.unit_id,
    CAST(n.so_luong_tinh AS DOUBLE) AS num,
    CAST(null AS DOUBLE) AS den
FROM core_nhiemvu AS n
INNER JOIN dim_period AS p ON n.ngay_hoan_thanh BETWEEN p.period_start AND p.effective_end
WHERE n.ma_nhiem_vu NOT IN (
    SELECT task FROM plan_targets
    WHERE kind = 'milestone' AND task IS NOT null
)
