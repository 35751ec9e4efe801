-- Tổng hợp dữ kiện chỉ số thành giá trị (metrics.md, Output contract):
-- với mỗi (chỉ số, kỳ, nhóm): toan_tinh trên mọi dữ kiện (cả dữ kiện không có cấp), từng cấp
-- (dữ kiện không có cấp không vào cấp nào), từng đơn vị (cấp = cấp của đơn vị trong dim_agency;
-- đơn vị chưa có trong danh mục hoặc dữ kiện không có mã đơn vị: không có dòng đơn vị).
-- Trong mỗi nhóm, một đơn vị đếm (unit_id) xuất hiện nhiều lần chỉ tính một lần: max(num),
-- max(den) theo unit_id, rồi cộng. Chỉ số khai báo unique_units (mỗi unit_id tối đa một dữ kiện
-- mỗi kỳ × nhóm, do cách dựng) được cộng thẳng: kết quả như nhau, nhanh hơn nhiều.
-- value = numerator / denominator khi denominator > 0, trống khi 0; chỉ số đếm (unit = count):
-- value = numerator, denominator trống.
-- Các dòng toan_tinh và từng cấp của chỉ số tỷ lệ không chia nhóm luôn có mặt cho mọi kỳ (mẫu số 0,
-- value trống khi không có dữ kiện), để "không có dữ liệu" hiện rõ thay vì thiếu dòng.
-- ma_don_vi và group_key "để trống" của hợp đồng đầu ra = NULL.
WITH uniq AS (SELECT metric_id FROM dim_metric WHERE unique_units),
-- (1) chỉ số unique_units: cộng ở mức chi tiết nhất, rồi cuộn lên
fine AS (
    SELECT f.metric_id, f.period, f.level, f.ma_don_vi, f.group_key,
           sum(f.num) AS numerator, sum(f.den) AS denominator
    FROM metric_facts f SEMI JOIN uniq u ON u.metric_id = f.metric_id
    GROUP BY ALL
),
agg_u AS (
    SELECT metric_id, period, 'toan_tinh' AS level, CAST(NULL AS VARCHAR) AS ma_don_vi, group_key,
           sum(numerator) AS numerator, sum(denominator) AS denominator
    FROM fine GROUP BY metric_id, period, group_key
    UNION ALL
    SELECT metric_id, period, level, NULL, group_key, sum(numerator), sum(denominator)
    FROM fine WHERE level IS NOT NULL GROUP BY metric_id, period, level, group_key
    UNION ALL
    SELECT fine.metric_id, fine.period, a.level, fine.ma_don_vi, fine.group_key, sum(numerator), sum(denominator)
    FROM fine JOIN dim_agency a ON a.ma_don_vi = fine.ma_don_vi
    WHERE a.level IS NOT NULL
    GROUP BY fine.metric_id, fine.period, a.level, fine.ma_don_vi, fine.group_key
),
-- (2) các chỉ số khác: mỗi unit_id một lần trong mỗi nhóm
f AS (
    SELECT f.*, a.level AS agency_level
    FROM metric_facts f LEFT JOIN dim_agency a ON a.ma_don_vi = f.ma_don_vi
    ANTI JOIN uniq u ON u.metric_id = f.metric_id
),
units AS (
    SELECT metric_id, period, 'toan_tinh' AS level, CAST(NULL AS VARCHAR) AS ma_don_vi, group_key,
           unit_id, max(num) AS num, max(den) AS den
    FROM f GROUP BY metric_id, period, group_key, unit_id
    UNION ALL
    SELECT metric_id, period, level, CAST(NULL AS VARCHAR), group_key, unit_id, max(num), max(den)
    FROM f WHERE level IS NOT NULL
    GROUP BY metric_id, period, level, group_key, unit_id
    UNION ALL
    SELECT metric_id, period, agency_level, ma_don_vi, group_key, unit_id, max(num), max(den)
    FROM f WHERE ma_don_vi IS NOT NULL AND agency_level IS NOT NULL
    GROUP BY metric_id, period, agency_level, ma_don_vi, group_key, unit_id
),
agg_d AS (
    SELECT metric_id, period, level, ma_don_vi, group_key,
           sum(num) AS numerator, sum(den) AS denominator
    FROM units GROUP BY metric_id, period, level, ma_don_vi, group_key
),
agg AS (SELECT * FROM agg_u UNION ALL SELECT * FROM agg_d),
filler AS (
    -- chỉ số tỷ lệ, không chia nhóm: mọi kỳ × (toan_tinh, tinh, huyen, xa, tw)
    SELECT m.metric_id, p.period, l.level, CAST(NULL AS VARCHAR) AS ma_don_vi,
           CAST(NULL AS VARCHAR) AS group_key, 0.0 AS numerator, 0.0 AS denominator
    FROM dim_metric m
    CROSS JOIN dim_period p
    CROSS JOIN (VALUES ('toan_tinh'), ('tinh'), ('huyen'), ('xa'), ('tw')) AS l(level)
    WHERE m.unit = 'ratio' AND NOT m.grouped
),
allrows AS (
    SELECT * FROM agg
    UNION ALL
    SELECT * FROM filler fl
    WHERE NOT EXISTS (SELECT 1 FROM agg a WHERE a.metric_id = fl.metric_id AND a.period = fl.period
                      AND a.level = fl.level AND a.ma_don_vi IS NULL AND a.group_key IS NULL)
)
SELECT r.metric_id,
       r.period,
       p.period_start,
       p.period_end,
       r.level,
       r.ma_don_vi,
       r.group_key,
       CAST(r.numerator AS DOUBLE) AS numerator,
       CAST(CASE WHEN coalesce(m.unit, 'ratio') = 'count' THEN NULL ELSE r.denominator END AS DOUBLE) AS denominator,
       CAST(CASE WHEN coalesce(m.unit, 'ratio') = 'count' THEN r.numerator
                 WHEN r.denominator > 0 THEN r.numerator / r.denominator
                 ELSE NULL END AS DOUBLE) AS value
FROM allrows r
LEFT JOIN dim_period p ON p.period = r.period
LEFT JOIN dim_metric m ON m.metric_id = r.metric_id
ORDER BY r.metric_id, p.period_start, p.period_kind DESC, r.period,
         CASE r.level WHEN 'toan_tinh' THEN 0 WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 WHEN 'xa' THEN 3 ELSE 4 END,
         r.ma_don_vi NULLS FIRST, r.group_key NULLS FIRST
