-- check: metric_values_key_unique severity=fail
-- Mỗi (chỉ số, kỳ, cấp, đơn vị, nhóm) chỉ có một giá trị.
SELECT metric_id, period, level, ma_don_vi, group_key, count(*) AS so_dong
FROM metric_values_t GROUP BY ALL HAVING count(*) > 1

-- check: ratio_within_bounds severity=fail
-- Chỉ số tỷ lệ có giá trị ngoài [0, 1] hoặc tử số lớn hơn mẫu số.
SELECT metric_value.* FROM metric_values_t AS metric_value JOIN dim_metric USING (metric_id)
WHERE dim_metric.unit = 'ratio'
  AND (metric_value.value < 0 OR metric_value.value > 1 + 1e-9
       OR metric_value.numerator > metric_value.denominator + 1e-9)

-- check: facts_metric_known severity=fail
-- Dữ kiện mang mã chỉ số không có trong danh mục chỉ số (metadata.yaml thiếu metric_id).
-- (mọi dữ kiện đều có dòng toan_tinh trong metric_values_t: kiểm tra trên đó, khỏi tính lại
-- view metric_facts)
SELECT DISTINCT metric_value.metric_id FROM metric_values_t AS metric_value LEFT JOIN dim_metric USING (metric_id)
WHERE dim_metric.metric_id IS NULL

-- check: facts_period_known severity=fail
-- Dữ kiện mang kỳ không có trong dim_period.
SELECT DISTINCT metric_value.metric_id, metric_value.period
FROM metric_values_t AS metric_value LEFT JOIN dim_period USING (period)
WHERE dim_period.period IS NULL
