-- postal_dossier_share (metrics.md): mẫu số = hồ sơ tiếp nhận trong kỳ P; tử số = hồ sơ nộp qua
-- bưu chính công ích (kenh = 3) hoặc nhận kết quả qua bưu chính (hinh_thuc_tra = 1).
SELECT
    'postal_dossier_share' AS metric_id,
    p.period,
    d.level,
    d.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    d.ma_ho_so AS unit_id,
    CASE WHEN d.kenh_nop = 3 OR d.hinh_thuc_tra = 1 THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM fct_dossier AS d
INNER JOIN dim_period AS p ON d.ngay_tiep_nhan_d BETWEEN p.period_start AND p.effective_end
WHERE d.is_received
