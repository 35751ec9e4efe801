-- regulation_cut_rate (metrics.md): RASOAT rows approved in P (ngay_phe_duyet in P, <= E);
-- den = so_quy_dinh, num = so_quy_dinh_cat_giam (empty = 0), summed by the aggregator.
-- One fact per row: unit_id = ma_tthc|ma_don_vi; level = the reviewing agency's, if known.
SELECT
    'regulation_cut_rate' AS metric_id,
    p.period,
    s.level,
    s.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    s.ma_tthc || '|' || coalesce(s.ma_don_vi, '') AS unit_id,
    CAST(coalesce(s.so_quy_dinh_cat_giam, 0) AS DOUBLE) AS num,
    CAST(coalesce(s.so_quy_dinh, 0) AS DOUBLE) AS den
FROM core_rasoat AS s
INNER JOIN dim_period AS p ON s.ngay_phe_duyet BETWEEN p.period_start AND p.effective_end
