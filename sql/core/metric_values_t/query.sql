-- Tổng hợp dữ kiện chỉ số thành giá trị (metrics.md, Output contract):
-- với mỗi (chỉ số, kỳ, nhóm): toan_tinh trên mọi dữ kiện (cả dữ kiện không có cấp), từng cấp
-- (dữ kiện không có cấp không vào cấp nào), từng đơn vị (cấp = cấp của đơn vị trong dim_agency;
-- đơn vị chưa có trong danh mục hoặc dữ kiện không có mã đơn vị: không có dòng đơn vị).
-- Trong mỗi nhóm, một đơn vị đếm (unit_id) xuất hiện nhiều lần chỉ tính một lần: macro
-- sum_units_once (sql/macros/units_once.sql): max(num), max(den) theo unit_id, rồi cộng. Chỉ số
-- khai báo unique_units (mỗi unit_id tối đa một dữ kiện mỗi kỳ × nhóm, do cách dựng) được cộng sẵn
-- ở mức chi tiết nhất rồi cộng thẳng: kết quả như nhau, nhanh hơn nhiều.
-- value = numerator / denominator khi denominator > 0, trống khi 0; chỉ số đếm (unit = count):
-- value = numerator, denominator trống.
-- Các dòng toan_tinh và từng cấp (dim_level) của chỉ số tỷ lệ không chia nhóm luôn có mặt cho mọi
-- kỳ (mẫu số 0, value trống khi không có dữ kiện), để "không có dữ liệu" hiện rõ thay vì thiếu dòng.
-- ma_don_vi và group_key "để trống" của hợp đồng đầu ra = NULL.
-- Thiếu dữ liệu (metrics.md, "Required columns"): khi metric_data_gaps có dòng cho (chỉ số, kỳ,
-- cấp, đơn vị), tử số, mẫu số và value để trống, ly_do_khong_co_du_lieu nêu cột và tệp thiếu.
WITH unique_unit_metrics AS (
    SELECT metric_id FROM dim_metric
    WHERE unique_units
),

facts AS (
    -- chỉ số unique_units: cộng sẵn ở mức chi tiết nhất (unit_id trống, already_unique)
    SELECT
        metric_facts.metric_id,
        metric_facts.period,
        metric_facts.level,
        metric_facts.ma_don_vi,
        metric_facts.group_key,
        CAST(null AS VARCHAR) AS unit_id,
        sum(metric_facts.num) AS num,
        sum(metric_facts.den) AS den,
        true AS already_unique
    FROM metric_facts
    SEMI JOIN unique_unit_metrics ON metric_facts.metric_id = unique_unit_metrics.metric_id
    GROUP BY
        metric_facts.metric_id, metric_facts.period, metric_facts.level, metric_facts.ma_don_vi,
        metric_facts.group_key
    UNION ALL
    -- các chỉ số khác: từng dữ kiện (dòng presummed: nguồn đã cộng sẵn các đơn vị đếm không có
    -- ở dòng nào khác, như bản ghi QĐ 766 chỉ thuộc một đơn vị; cộng thẳng)
    SELECT
        metric_facts.metric_id,
        metric_facts.period,
        metric_facts.level,
        metric_facts.ma_don_vi,
        metric_facts.group_key,
        metric_facts.unit_id,
        metric_facts.num,
        metric_facts.den,
        metric_facts.presummed AS already_unique
    FROM metric_facts
    ANTI JOIN unique_unit_metrics ON metric_facts.metric_id = unique_unit_metrics.metric_id
),

-- read by sum_units_once, by name (sqlfluff cannot see it)
facts_with_level AS (  -- noqa: ST03
    SELECT
        metric_id,
        period,
        level,
        group_key,
        unit_id,
        num,
        den,
        already_unique
    FROM facts
    WHERE level IS NOT null
),

-- read by sum_units_once, by name (sqlfluff cannot see it)
facts_of_known_agencies AS (  -- noqa: ST03
    SELECT
        facts.metric_id,
        facts.period,
        agency.level AS agency_level,
        facts.ma_don_vi,
        facts.group_key,
        facts.unit_id,
        facts.num,
        facts.den,
        facts.already_unique
    FROM facts
    INNER JOIN dim_agency AS agency ON facts.ma_don_vi = agency.ma_don_vi
    WHERE agency.level IS NOT null
),

province_values AS (
    SELECT
        metric_id,
        period,
        'toan_tinh' AS level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        group_key,
        numerator,
        denominator
    FROM sum_units_once(facts, ['metric_id', 'period', 'group_key'])
),

level_values AS (
    SELECT
        metric_id,
        period,
        level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        group_key,
        numerator,
        denominator
    FROM sum_units_once(facts_with_level, ['metric_id', 'period', 'level', 'group_key'])
),

agency_values AS (
    SELECT
        metric_id,
        period,
        agency_level AS level,
        ma_don_vi,
        group_key,
        numerator,
        denominator
    FROM sum_units_once(
        facts_of_known_agencies, ['metric_id', 'period', 'agency_level', 'ma_don_vi', 'group_key']
    )
),

computed_values AS (
    SELECT * FROM province_values
    UNION ALL
    SELECT * FROM level_values
    UNION ALL
    SELECT * FROM agency_values
),

zero_rows AS (
    -- chỉ số tỷ lệ, không chia nhóm: mọi kỳ × mọi cấp của dim_level (toan_tinh, tinh, huyen, xa, tw)
    SELECT
        dim_metric.metric_id,
        dim_period.period,
        dim_level.level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        CAST(null AS VARCHAR) AS group_key,
        0.0 AS numerator,
        0.0 AS denominator
    FROM dim_metric
    CROSS JOIN dim_period
    CROSS JOIN dim_level
    WHERE dim_metric.unit = 'ratio' AND NOT dim_metric.grouped
),

all_values AS (
    SELECT * FROM computed_values
    UNION ALL
    SELECT * FROM zero_rows
    WHERE NOT EXISTS (
        SELECT 1 FROM computed_values
        WHERE
            computed_values.metric_id = zero_rows.metric_id
            AND computed_values.period = zero_rows.period
            AND computed_values.level = zero_rows.level
            AND computed_values.ma_don_vi IS null
            AND computed_values.group_key IS null
    )
)

SELECT
    all_values.metric_id,
    all_values.period,
    dim_period.period_start,
    dim_period.period_end,
    all_values.level,
    all_values.ma_don_vi,
    all_values.group_key,
    CAST(CASE WHEN data_gap.metric_id IS null THEN all_values.numerator END AS DOUBLE) AS numerator,
    CAST(
        CASE
            WHEN coalesce(dim_metric.unit, 'ratio') = 'count' OR data_gap.metric_id IS NOT null THEN null
            ELSE all_values.denominator
        END
        AS DOUBLE
    ) AS denominator,
    CAST(
        CASE
            WHEN data_gap.metric_id IS NOT null THEN null
            WHEN coalesce(dim_metric.unit, 'ratio') = 'count' THEN all_values.numerator
            WHEN all_values.denominator > 0 THEN all_values.numerator / all_values.denominator
        END AS DOUBLE
    ) AS value,
    data_gap.ly_do_khong_co_du_lieu
FROM all_values
LEFT JOIN dim_period ON all_values.period = dim_period.period
LEFT JOIN dim_metric ON all_values.metric_id = dim_metric.metric_id
LEFT JOIN dim_level ON all_values.level = dim_level.level
LEFT JOIN metric_data_gaps AS data_gap
    ON
        all_values.metric_id = data_gap.metric_id
        AND all_values.period = data_gap.period
        AND all_values.level = data_gap.level
        AND all_values.ma_don_vi IS NOT DISTINCT FROM data_gap.ma_don_vi
ORDER BY
    all_values.metric_id ASC, dim_period.period_start ASC, dim_period.period_kind DESC, all_values.period ASC,
    dim_level.sort_order ASC NULLS LAST, all_values.ma_don_vi ASC NULLS FIRST, all_values.group_key ASC NULLS FIRST
