-- check: metric_values_key_unique severity=fail
-- Mỗi (chỉ số, kỳ, cấp, đơn vị, nhóm) chỉ có một giá trị.
SELECT metric_id, period, level, ma_don_vi, group_key, count(*) AS so_dong
FROM metric_values_t GROUP BY ALL HAVING count(*) > 1

-- check: ratio_within_bounds severity=fail
-- Chỉ số tỷ lệ có giá trị ngoài [0, 1] hoặc tử số lớn hơn mẫu số.
SELECT v.* FROM metric_values_t v JOIN dim_metric m USING (metric_id)
WHERE m.unit = 'ratio' AND (v.value < 0 OR v.value > 1 + 1e-9 OR v.numerator > v.denominator + 1e-9)

-- check: facts_metric_known severity=fail
-- Dữ kiện mang mã chỉ số không có trong danh mục chỉ số (metadata.yaml thiếu metric_id).
-- (mọi dữ kiện đều có dòng toan_tinh trong metric_values_t: kiểm tra trên đó, khỏi tính lại
-- view metric_facts)
SELECT DISTINCT v.metric_id FROM metric_values_t v LEFT JOIN dim_metric m USING (metric_id)
WHERE m.metric_id IS NULL

-- check: facts_period_known severity=fail
-- Dữ kiện mang kỳ không có trong dim_period.
SELECT DISTINCT v.metric_id, v.period FROM metric_values_t v LEFT JOIN dim_period p USING (period)
WHERE p.period IS NULL
