-- periodic_report_on_time_rate (metrics.md): den = BAOCAO rows with han_nop in P and <= E;
-- num = ngay_nop <= han_nop (a report never sent, or sent after D, is late). One fact per
-- row: unit_id = ma_don_vi|ky_bao_cao; level = the agency's, if known.
SELECT
    'periodic_report_on_time_rate' AS metric_id,
    dim_period.period,
    report.level,
    report.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    report.unit_id,
    CASE WHEN report.ngay_nop <= report.han_nop THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM core_baocao AS report
INNER JOIN dim_period ON report.han_nop BETWEEN dim_period.period_start AND dim_period.effective_end
