-- regulation_cut_rate (metrics.md): RASOAT rows approved in P (ngay_phe_duyet in P, <= E);
-- den = so_quy_dinh, num = so_quy_dinh_cat_giam (empty = 0), summed by the aggregator.
-- One fact per row: unit_id = ma_tthc|ma_don_vi; level = the reviewing agency's, if known.
SELECT
    'regulation_cut_rate' AS metric_id,
    dim_period.period,
    review.level,
    review.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    review.ma_tthc || '|' || coalesce(review.ma_don_vi, '') AS unit_id,
    CAST(coalesce(review.so_quy_dinh_cat_giam, 0) AS DOUBLE) AS num,
    CAST(coalesce(review.so_quy_dinh, 0) AS DOUBLE) AS den
FROM core_rasoat AS review
INNER JOIN dim_period ON review.ngay_phe_duyet BETWEEN dim_period.period_start AND dim_period.effective_end
