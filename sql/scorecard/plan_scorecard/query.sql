-- The output view of metrics.md: plan_scorecard(target_id, period, level, ma_don_vi,
-- group_key, numerator, denominator, value, threshold, status) (+ plan_id, kind, metric_id,
-- period kind and dates), in the plan's order. Rows are built in plan_scorecard_t.
SELECT
    target_id, period, level, ma_don_vi, group_key, numerator, denominator, value, threshold,
    status, plan_id, kind, metric_id, period_kind, period_start, period_end, effective_end,
    sort_order
FROM plan_scorecard_t
ORDER BY plan_id, sort_order, period_start,
         CASE period_kind WHEN 'year' THEN 0 WHEN 'quarter' THEN 1 ELSE 2 END,
         CASE level WHEN 'toan_tinh' THEN 0 WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2
                    WHEN 'xa' THEN 3 WHEN 'tw' THEN 4 ELSE 5 END,
         ma_don_vi NULLS FIRST, group_key NULLS FIRST
