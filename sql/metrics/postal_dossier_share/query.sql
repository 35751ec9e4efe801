-- postal_dossier_share (metrics.md): mẫu số = hồ sơ tiếp nhận trong kỳ P; tử số = hồ sơ nộp qua
-- bưu chính công ích (kenh = 3) hoặc nhận kết quả qua bưu chính (hinh_thuc_tra = 1).
SELECT
    'postal_dossier_share' AS metric_id,
    dim_period.period,
    dossier.level,
    dossier.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    dossier.ma_ho_so AS unit_id,
    CASE WHEN dossier.kenh_nop = 3 OR dossier.hinh_thuc_tra = 1 THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM fct_dossier AS dossier
INNER JOIN dim_period ON dossier.ngay_tiep_nhan_d BETWEEN dim_period.period_start AND dim_period.effective_end
WHERE dossier.is_received
