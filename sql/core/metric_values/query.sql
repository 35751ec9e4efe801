SELECT
    metric_id,
    period,
    period_start,
    period_end,
    level,
    ma_don_vi,
    group_key,
    numerator,
    denominator,
    value
FROM metric_values_t
