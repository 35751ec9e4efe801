-- The output view of metrics.md: plan_scorecard(target_id, period, level, ma_don_vi,
-- group_key, numerator, denominator, value, threshold, status) (+ the reference of a tracking
-- target, a milestone's task, plan_id, kind, metric_id, period kind and dates), in the plan's
-- order (levels in the order of dim_level). Rows are built in plan_scorecard_t.
SELECT
    plan_scorecard_t.target_id,
    plan_scorecard_t.period,
    plan_scorecard_t.level,
    plan_scorecard_t.ma_don_vi,
    plan_scorecard_t.group_key,
    plan_scorecard_t.numerator,
    plan_scorecard_t.denominator,
    plan_scorecard_t.value,
    plan_scorecard_t.threshold,
    plan_scorecard_t.status,
    plan_scorecard_t.reference_value,
    plan_scorecard_t.reference_source,
    plan_scorecard_t.task,
    plan_scorecard_t.plan_id,
    plan_scorecard_t.kind,
    plan_scorecard_t.metric_id,
    plan_scorecard_t.period_kind,
    plan_scorecard_t.period_start,
    plan_scorecard_t.period_end,
    plan_scorecard_t.effective_end,
    plan_scorecard_t.sort_order,
    plan_scorecard_t.ly_do_khong_co_du_lieu,
    plan_scorecard_t.direction
FROM plan_scorecard_t
LEFT JOIN dim_level ON plan_scorecard_t.level = dim_level.level
ORDER BY
    plan_scorecard_t.plan_id,
    plan_scorecard_t.sort_order,
    plan_scorecard_t.period_start,
    CASE plan_scorecard_t.period_kind WHEN 'year' THEN 0 WHEN 'quarter' THEN 1 ELSE 2 END,
    dim_level.sort_order NULLS LAST,
    plan_scorecard_t.ma_don_vi NULLS FIRST,
    plan_scorecard_t.group_key NULLS FIRST
