-- periodic_report_on_time_rate (metrics.md): den = BAOCAO rows with han_nop in P and <= E;
-- num = ngay_nop <= han_nop (a report never sent, or sent after D, is late). One fact per
-- row: unit_id = ma_don_vi|ky_bao_cao; level = the agency's, if known.
SELECT
    'periodic_report_on_time_rate' AS metric_id,
    p.period,
    b.level,
    b.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    b.unit_id,
    CASE WHEN b.ngay_nop <= b.han_nop THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM core_baocao AS b
INNER JOIN dim_period AS p ON b.han_nop BETWEEN p.period_start AND p.effective_end
