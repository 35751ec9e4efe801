-- check: metric_values_key_unique severity=fail title="Mỗi chỉ số một giá trị cho mỗi kỳ, cấp, đơn vị, nhóm"
-- Mỗi (chỉ số, kỳ, cấp, đơn vị, nhóm) chỉ có một giá trị.
SELECT metric_id, period, level, ma_don_vi, group_key, count(*) AS so_dong
FROM metric_values_t GROUP BY ALL HAVING count(*) > 1

-- check: ratio_within_bounds severity=fail title="Tỷ lệ nằm trong khoảng 0–100%"
-- Chỉ số tỷ lệ có giá trị ngoài [0, 1] hoặc tử số lớn hơn mẫu số.
SELECT metric_value.* FROM metric_values_t AS metric_value JOIN dim_metric USING (metric_id)
WHERE dim_metric.unit = 'ratio'
  AND (metric_value.value < 0 OR metric_value.value > 1 + 1e-9
       OR metric_value.numerator > metric_value.denominator + 1e-9)

-- check: facts_metric_known severity=fail title="Dữ kiện thuộc chỉ số đã khai báo"
-- Dữ kiện mang mã chỉ số không có trong danh mục chỉ số (metadata.yaml thiếu metric_id).
-- (mọi dữ kiện đều có dòng toan_tinh trong metric_values_t: kiểm tra trên đó, khỏi tính lại
-- view metric_facts)
SELECT DISTINCT metric_value.metric_id FROM metric_values_t AS metric_value LEFT JOIN dim_metric USING (metric_id)
WHERE dim_metric.metric_id IS NULL

-- check: facts_period_known severity=fail title="Dữ kiện thuộc kỳ đã biết"
-- Dữ kiện mang kỳ không có trong dim_period.
SELECT DISTINCT metric_value.metric_id, metric_value.period
FROM metric_values_t AS metric_value LEFT JOIN dim_period USING (period)
WHERE dim_period.period IS NULL

-- check: additive_metric_months_add_up severity=fail title="Các tháng cộng lại bằng quý và năm"
-- Chỉ số cộng dồn (accumulation = flow: mỗi bản ghi tính một lần, vào kỳ chứa ngày của nó): tử số và mẫu số của mỗi năm, mỗi quý phải bằng tổng các tháng của nó, ở toàn tỉnh, từng cấp, từng đơn vị, từng nhóm (metrics.md, Required columns). Mỗi dòng lệch nêu chỉ số, đơn vị, kỳ và hai con số.
-- (kỳ đang dở: năm và quý chỉ có các tháng đã bắt đầu đến ngày chốt, E của chúng cùng là D, nên
-- phép so vẫn đúng; tháng, kỳ thiếu dòng tính là 0)
WITH additive_values AS (
    SELECT metric_value.metric_id, metric_value.period, dim_period.period_kind, dim_period.period_start,
           metric_value.level, metric_value.ma_don_vi, metric_value.group_key,
           coalesce(metric_value.numerator, 0) AS numerator, coalesce(metric_value.denominator, 0) AS denominator
    FROM metric_values_t AS metric_value
    JOIN dim_period USING (period)
    JOIN dim_metric USING (metric_id)
    WHERE dim_metric.accumulation = 'flow'
),
compared AS (
    -- each quarter and year as published ...
    SELECT metric_id, period, level, ma_don_vi, group_key,
           numerator AS period_numerator, denominator AS period_denominator,
           0 AS months_numerator, 0 AS months_denominator
    FROM additive_values
    WHERE period_kind IN ('quarter', 'year')
    UNION ALL
    -- ... and the sum of its months
    SELECT month_value.metric_id, rollup_period.period, month_value.level, month_value.ma_don_vi,
           month_value.group_key, 0, 0, month_value.numerator, month_value.denominator
    FROM additive_values AS month_value
    JOIN dim_period AS rollup_period
      ON rollup_period.period_kind IN ('quarter', 'year')
     AND month_value.period_start BETWEEN rollup_period.period_start AND rollup_period.period_end
    WHERE month_value.period_kind = 'month'
),
totals AS (
    SELECT metric_id, period, level, ma_don_vi, group_key,
           sum(period_numerator) AS tu_so_ky, sum(months_numerator) AS tu_so_cong_thang,
           sum(period_denominator) AS mau_so_ky, sum(months_denominator) AS mau_so_cong_thang
    FROM compared
    GROUP BY metric_id, period, level, ma_don_vi, group_key
)
SELECT
    metric_id, period, level, ma_don_vi, group_key, tu_so_ky, tu_so_cong_thang, mau_so_ky, mau_so_cong_thang,
    format('Chỉ số {} ({}{}{}), kỳ {}: tử số {:.0f} nhưng tổng các tháng {:.0f}; mẫu số {:.0f} nhưng tổng các tháng {:.0f}',
           metric_id, level, CASE WHEN ma_don_vi IS NOT NULL THEN ', đơn vị ' || ma_don_vi ELSE '' END,
           CASE WHEN group_key IS NOT NULL THEN ', nhóm ' || group_key ELSE '' END, period,
           tu_so_ky, tu_so_cong_thang, mau_so_ky, mau_so_cong_thang) AS thong_bao
FROM totals
WHERE abs(tu_so_ky - tu_so_cong_thang) > 1e-6 * greatest(1, abs(tu_so_ky))
   OR abs(mau_so_ky - mau_so_cong_thang) > 1e-6 * greatest(1, abs(mau_so_ky))
ORDER BY metric_id, period, level, ma_don_vi NULLS FIRST, group_key NULLS FIRST
