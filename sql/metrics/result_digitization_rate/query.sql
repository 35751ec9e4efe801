-- result_digitization_rate (metrics.md): mẫu số = hồ sơ tiếp nhận trong kỳ P;
-- tử số = hồ sơ có da_so_hoa_ket_qua = 1.
SELECT
    'result_digitization_rate' AS metric_id,
    dim_period.period,
    dossier.level,
    dossier.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    dossier.ma_ho_so AS unit_id,
    CASE WHEN dossier.da_so_hoa_ket_qua THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM fct_dossier AS dossier
INNER JOIN dim_period ON dossier.ngay_tiep_nhan_d BETWEEN dim_period.period_start AND dim_period.effective_end
WHERE dossier.is_received
