-- Tử số và mẫu số của mỗi chỉ số QĐ 766 cho mỗi dòng tổng hợp (index766_scope) và kỳ, tính thẳng
-- trên các bản ghi (docs/index-766.md §4.3; không bao giờ lấy trung bình điểm đơn vị): một bản ghi
-- đếm một lần (count DISTINCT record_key) trong mỗi dòng; thuộc mẫu số nếu thuộc mẫu số ở một đơn
-- vị thành viên; thuận lợi nếu thuận lợi ở một đơn vị thành viên (rollup: any), hoặc ở mọi đơn vị
-- thành viên có nó trong mẫu số (rollup: all, khai trong metadata của chỉ số). Giá trị hiển thị
-- (2.2) của một bản ghi: nhỏ nhất nếu nó có nhiều giá trị; trung bình tính trên số thập phân
-- chính xác (cộng số thực theo thứ tự tùy ý có thể lệch chữ số cuối giữa hai lần dựng).
-- Nhanh: bản ghi chỉ thuộc một đơn vị (mọi hồ sơ) được cộng ở đơn vị trước rồi mới trải lên các
-- dòng tổng hợp (cộng các đơn vị là đúng khi không bản ghi nào lặp); chỉ các bản ghi thuộc nhiều
-- đơn vị (một TTHC của nhiều sở) mới được nối với từng dòng và đếm phân biệt.
WITH all_rollup AS (
    SELECT indicator_id FROM index766_indicator_catalog
    WHERE rollup = 'all'
),

fact_with_spread AS (
    SELECT
        *,
        count(*) OVER (PARTITION BY indicator_id, period_id, record_key) AS so_don_vi
    FROM index766_facts
),

-- bản ghi của một đơn vị: cộng ở đơn vị, rồi cộng các đơn vị của mỗi dòng
single_unit_by_unit AS (
    SELECT
        indicator_id,
        period_id,
        ma_don_vi,
        count(*) FILTER (WHERE in_denominator) AS denominator,
        count(*) FILTER (WHERE in_denominator AND coalesce(is_favourable, false)) AS numerator,
        list_distinct(flatten(list(flags))) AS flags,
        sum(CAST(value_double AS DECIMAL(38, 6))) FILTER (WHERE in_denominator AND value_double IS NOT null)
            AS value_sum,
        count(value_double) FILTER (WHERE in_denominator) AS value_count
    FROM fact_with_spread
    WHERE so_don_vi = 1
    GROUP BY indicator_id, period_id, ma_don_vi
),

single_unit_rows AS (
    SELECT
        scope.level,
        scope.ma_don_vi,
        unit_sum.indicator_id,
        unit_sum.period_id,
        sum(unit_sum.denominator) AS denominator,
        sum(unit_sum.numerator) AS numerator,
        flatten(list(unit_sum.flags)) AS flags,
        sum(unit_sum.value_sum) AS value_sum,
        sum(unit_sum.value_count) AS value_count
    FROM single_unit_by_unit AS unit_sum
    INNER JOIN index766_scope AS scope ON unit_sum.ma_don_vi IS NOT DISTINCT FROM scope.member_ma_don_vi
    GROUP BY scope.level, scope.ma_don_vi, unit_sum.indicator_id, unit_sum.period_id
),

-- bản ghi của nhiều đơn vị: mỗi dòng đếm nó một lần
shared_record_in_scope AS (
    SELECT
        scope.level,
        scope.ma_don_vi,
        fact.indicator_id,
        fact.period_id,
        fact.record_key,
        bool_or(fact.in_denominator) AS in_denominator,
        CASE
            WHEN all_rollup.indicator_id IS null THEN bool_or(fact.in_denominator AND fact.is_favourable)
            ELSE bool_and(coalesce(fact.is_favourable, false)) FILTER (WHERE fact.in_denominator)
        END AS is_favourable,
        list_distinct(flatten(list(fact.flags))) AS flags,
        min(fact.value_double) FILTER (WHERE fact.in_denominator) AS value_double
    FROM fact_with_spread AS fact
    INNER JOIN index766_scope AS scope ON fact.ma_don_vi IS NOT DISTINCT FROM scope.member_ma_don_vi
    LEFT JOIN all_rollup ON fact.indicator_id = all_rollup.indicator_id
    WHERE fact.so_don_vi > 1
    GROUP BY scope.level, scope.ma_don_vi, fact.indicator_id, fact.period_id, fact.record_key, all_rollup.indicator_id
),

shared_rows AS (
    SELECT
        level,
        ma_don_vi,
        indicator_id,
        period_id,
        count(*) FILTER (WHERE in_denominator) AS denominator,
        count(*) FILTER (WHERE in_denominator AND coalesce(is_favourable, false)) AS numerator,
        flatten(list(flags)) AS flags,
        sum(CAST(value_double AS DECIMAL(38, 6))) FILTER (WHERE in_denominator AND value_double IS NOT null)
            AS value_sum,
        count(value_double) FILTER (WHERE in_denominator) AS value_count
    FROM shared_record_in_scope
    GROUP BY level, ma_don_vi, indicator_id, period_id
),

both_parts AS (
    SELECT * FROM single_unit_rows
    UNION ALL
    SELECT * FROM shared_rows
)

SELECT
    level,
    ma_don_vi,
    indicator_id,
    period_id,
    CAST(sum(denominator) AS BIGINT) AS denominator,
    CAST(sum(numerator) AS BIGINT) AS numerator,
    list_sort(list_distinct(flatten(list(flags)))) AS flags,
    CAST(sum(value_sum) / nullif(sum(value_count), 0) AS DOUBLE) AS value_double
FROM both_parts
GROUP BY level, ma_don_vi, indicator_id, period_id
