-- on_time_resolution_rate (metrics.md): mẫu số = hồ sơ đã giải quyết trong kỳ P (trạng thái 9/10,
-- có ngày kết thúc xử lý, ngày kết thúc xử lý trong [đầu kỳ, E]); tử số = hồ sơ trước hạn hoặc đúng hạn
-- (so theo ngày; không có hẹn trả = đúng hạn). Mỗi hồ sơ × kỳ một dòng.
SELECT
    'on_time_resolution_rate' AS metric_id,
    dim_period.period,
    dossier.level,
    dossier.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    dossier.ma_ho_so AS unit_id,
    CASE WHEN dossier.timeliness IN ('truoc_han', 'dung_han') THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM fct_dossier AS dossier
INNER JOIN dim_period ON dossier.ngay_ket_thuc_d BETWEEN dim_period.period_start AND dim_period.effective_end
WHERE dossier.is_resolved
