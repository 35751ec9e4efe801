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
    value,
    ly_do_khong_co_du_lieu
FROM metric_values_t
