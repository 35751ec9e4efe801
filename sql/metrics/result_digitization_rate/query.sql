-- result_digitization_rate (metrics.md): mẫu số = hồ sơ tiếp nhận trong kỳ P;
-- tử số = hồ sơ có da_so_hoa_ket_qua = 1.
SELECT
    'result_digitization_rate' AS metric_id,
    p.period,
    d.level,
    d.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    d.ma_ho_so AS unit_id,
    CASE WHEN d.da_so_hoa_ket_qua THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM fct_dossier AS d
INNER JOIN dim_period AS p ON d.ngay_tiep_nhan_d BETWEEN p.period_start AND p.effective_end
WHERE d.is_received
