-- Tử số và mẫu số của mỗi chỉ số QĐ 766 cho mỗi dòng tổng hợp (index766_scope) và kỳ, tính thẳng
-- trên các bản ghi (docs/index-766.md §4.3; không bao giờ lấy trung bình điểm đơn vị): một bản ghi
-- đếm một lần (count DISTINCT record_key) trong mỗi dòng; thuộc mẫu số nếu thuộc mẫu số ở một đơn
-- vị thành viên; thuận lợi nếu thuận lợi ở một đơn vị thành viên (rollup: any), hoặc ở mọi đơn vị
-- thành viên có nó trong mẫu số (rollup: all, khai trong metadata của chỉ số). Giá trị hiển thị
-- (2.2) của một bản ghi: nhỏ nhất nếu nó có nhiều giá trị; trung bình tính trên số thập phân
-- chính xác (cộng số thực theo thứ tự tùy ý có thể lệch chữ số cuối giữa hai lần dựng).
WITH all_rollup AS (
    SELECT indicator_id FROM index766_indicator_catalog
    WHERE rollup = 'all'
),

record_in_scope AS (
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
    FROM index766_facts AS fact
    INNER JOIN index766_scope AS scope ON fact.ma_don_vi IS NOT DISTINCT FROM scope.member_ma_don_vi
    LEFT JOIN all_rollup ON fact.indicator_id = all_rollup.indicator_id
    GROUP BY scope.level, scope.ma_don_vi, fact.indicator_id, fact.period_id, fact.record_key, all_rollup.indicator_id
)

SELECT
    level,
    ma_don_vi,
    indicator_id,
    period_id,
    count(*) FILTER (WHERE in_denominator) AS denominator,
    count(*) FILTER (WHERE in_denominator AND coalesce(is_favourable, false)) AS numerator,
    list_sort(list_distinct(flatten(list(flags)))) AS flags,
    -- exact (DECIMAL) sums: a whole build and a nightly increment give the same last digit
    CAST(avg(CAST(value_double AS DECIMAL(38, 6))) FILTER (WHERE in_denominator) AS DOUBLE) AS value_double
FROM record_in_scope
GROUP BY level, ma_don_vi, indicator_id, period_id
