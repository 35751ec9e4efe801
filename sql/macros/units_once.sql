-- "Một đơn vị đếm chỉ tính một lần" (metrics.md, Output contract; sql/README.md): một định nghĩa
-- cho metric_values_t và plan_scorecard_t.
--
-- sum_units_once(facts, keys): facts là tên một bảng hoặc CTE có các cột của `keys` (danh sách tên
-- cột nhóm), unit_id, num, den và already_unique (BOOLEAN). Trả về một dòng cho mỗi nhóm: các cột
-- của `keys` (theo thứ tự cột của facts), numerator, denominator.
--   * dòng already_unique = false: trong mỗi nhóm, một unit_id xuất hiện nhiều lần chỉ tính một
--     lần: max(num), max(den) theo unit_id, rồi cộng (unit_id trống là một đơn vị);
--   * dòng already_unique = true: đã chắc chắn mỗi đơn vị một dòng (chỉ số unique_units, thường
--     đã cộng sẵn ở mức chi tiết hơn): cộng thẳng — kết quả như nhau, bỏ được bước max tốn kém.
CREATE OR REPLACE MACRO sum_units_once(FACTS, KEYS) AS TABLE
    WITH per_unit AS (
        SELECT
            COLUMNS(LAMBDA column_name: list_contains(keys, column_name)),
            unit_id,
            max(num) AS num,
            max(den) AS den
        FROM query_table(facts)
        WHERE NOT already_unique
        GROUP BY ALL
        UNION ALL BY NAME
        SELECT
            COLUMNS(LAMBDA column_name: list_contains(keys, column_name)),
            unit_id,
            num,
            den
        FROM query_table(facts)
        WHERE already_unique
    )

    SELECT
        COLUMNS(LAMBDA column_name: list_contains(keys, column_name)),
        sum(num) AS numerator,
        sum(den) AS denominator
    FROM per_unit
    GROUP BY ALL;
