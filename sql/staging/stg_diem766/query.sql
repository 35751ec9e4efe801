-- Mọi dòng điểm QĐ 766 Cổng DVCQG công bố đã nạp, bỏ các dòng trùng y hệt: macro distinct_versions
-- (sql/macros/staging.sql). Dòng thiếu kỳ hoặc mã chỉ số/nhóm bị bỏ; đơn vị trống là toàn tỉnh.
-- read by distinct_versions(), by name (sqlfluff cannot see it)
WITH keyed_rows AS (  -- noqa: ST03
    SELECT * FROM raw_diem766
    WHERE ky IS NOT null AND ma_muc IS NOT null
)

SELECT * FROM distinct_versions(keyed_rows)
