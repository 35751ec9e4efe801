-- Mọi dòng lephi đã nạp (tệp riêng hoặc lồng trong hồ sơ DVCQG), bỏ các dòng trùng y hệt:
-- macro distinct_versions (sql/macros/staging.sql). Dòng thiếu khóa (ma_ho_so, stt) bị bỏ.
-- read by distinct_versions(), by name (sqlfluff cannot see it)
WITH keyed_rows AS (  -- noqa: ST03
    SELECT * FROM raw_lephi
    WHERE ma_ho_so IS NOT null AND stt IS NOT null
)

SELECT * FROM distinct_versions(keyed_rows)
