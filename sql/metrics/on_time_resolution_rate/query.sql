-- on_time_resolution_rate (metrics.md): mẫu số = hồ sơ đã giải quyết trong kỳ P (trạng thái 9/10,
-- có ngày kết thúc xử lý, ngày kết thúc xử lý trong [đầu kỳ, E]); tử số = hồ sơ trước hạn hoặc đúng hạn
-- (so theo ngày; không có hẹn trả = đúng hạn). Mỗi hồ sơ × kỳ một dòng.
SELECT
    'on_time_resolution_rate' AS metric_id,
    p.period,
    d.level,
    d.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    d.ma_ho_so AS unit_id,
    CASE WHEN d.timeliness IN ('truoc_han', 'dung_han') THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM fct_dossier AS d
INNER JOIN dim_period AS p ON d.ngay_ket_thuc_d BETWEEN p.period_start AND p.effective_end
WHERE d.is_resolved
