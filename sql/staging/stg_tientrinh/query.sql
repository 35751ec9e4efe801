-- Mọi dòng tientrinh đã nạp (mọi phiên bản), bỏ các dòng trùng y hệt: macro distinct_versions
-- (sql/macros/staging.sql; tệp nạp sau cùng giữ dấu vết của một nội dung được gửi lại).
-- Dòng thiếu khóa (ma_ho_so, buoc) bị bỏ.
-- read by distinct_versions(), by name (sqlfluff cannot see it)
WITH keyed_rows AS (  -- noqa: ST03
    SELECT * FROM raw_tientrinh
    WHERE ma_ho_so IS NOT null AND buoc IS NOT null
)

SELECT * FROM distinct_versions(keyed_rows)
