-- Mọi dòng tthc_donvi đã nạp (mỗi ngày xuất là một ảnh chụp), bỏ các dòng trùng y hệt:
-- macro distinct_versions (sql/macros/staging.sql). Dòng thiếu khóa (ngay_xuat, ma_tthc,
-- ma_don_vi) bị bỏ.
-- read by distinct_versions(), by name (sqlfluff cannot see it)
WITH keyed_rows AS (  -- noqa: ST03
    SELECT * FROM raw_tthc_donvi
    WHERE ngay_xuat IS NOT null AND ma_tthc IS NOT null AND ma_don_vi IS NOT null
)

SELECT * FROM distinct_versions(keyed_rows)
