-- online_dossier_rate (metrics.md): mẫu số = hồ sơ tiếp nhận trong kỳ P có muc_do ≥ 3, tại đơn vị
-- có cấp không phải tw; tử số = hồ sơ có kenh = 2 (trực tuyến).
-- Đơn vị chưa có trong danh mục (cấp trống) không được biết là tw: hồ sơ của đơn vị đó VẪN được
-- tính (chỉ vào toàn tỉnh); kiểm tra cảnh báo unknown_agency nêu tên đơn vị.
SELECT
    'online_dossier_rate' AS metric_id,
    dim_period.period,
    dossier.level,
    dossier.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    dossier.ma_ho_so AS unit_id,
    CASE WHEN dossier.kenh_nop = 2 THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM fct_dossier AS dossier
INNER JOIN dim_period ON dossier.ngay_tiep_nhan_d BETWEEN dim_period.period_start AND dim_period.effective_end
WHERE dossier.is_received AND dossier.muc_do >= 3 AND dossier.level IS DISTINCT FROM 'tw'
