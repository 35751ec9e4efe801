-- compliance_cost_cut_rate (metrics.md): RASOAT rows approved in P (ngay_phe_duyet in P,
-- <= E); den = chi_phi_truoc, num = chi_phi_truoc - chi_phi_sau (an empty chi_phi_sau = no
-- cut known: 0), summed by the aggregator. One fact per row: unit_id = ma_tthc|ma_don_vi.
SELECT
    'compliance_cost_cut_rate' AS metric_id,
    p.period,
    s.level,
    s.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    s.ma_tthc || '|' || coalesce(s.ma_don_vi, '') AS unit_id,
    CAST(coalesce(s.chi_phi_truoc - s.chi_phi_sau, 0) AS DOUBLE) AS num,
    CAST(coalesce(s.chi_phi_truoc, 0) AS DOUBLE) AS den
FROM core_rasoat AS s
INNER JOIN dim_period AS p ON s.ngay_phe_duyet BETWEEN p.period_start AND p.effective_end
