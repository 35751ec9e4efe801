-- Mọi dòng giaytoketqua đã nạp (tệp riêng hoặc lồng trong hồ sơ DVCQG), bỏ các dòng trùng y hệt:
-- macro distinct_versions (sql/macros/staging.sql). Dòng thiếu khóa (ma_ho_so, ma_giay_to) bị bỏ.
-- read by distinct_versions(), by name (sqlfluff cannot see it)
WITH keyed_rows AS (  -- noqa: ST03
    SELECT * FROM raw_giaytoketqua
    WHERE ma_ho_so IS NOT null AND ma_giay_to IS NOT null
)

SELECT * FROM distinct_versions(keyed_rows)
