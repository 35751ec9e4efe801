-- Mọi dòng tailieunop đã nạp (tệp riêng hoặc lồng trong hồ sơ DVCQG), bỏ các dòng trùng y hệt:
-- macro distinct_versions (sql/macros/staging.sql). Dòng thiếu khóa (ma_ho_so, ma_tep) bị bỏ.
-- Tên và đường dẫn tệp là dữ liệu cá nhân: không bao giờ đến đây (chỉ có co_duong_dan_tep).
-- read by distinct_versions(), by name (sqlfluff cannot see it)
WITH keyed_rows AS (  -- noqa: ST03
    SELECT * FROM raw_tailieunop
    WHERE ma_ho_so IS NOT null AND ma_tep IS NOT null
)

SELECT * FROM distinct_versions(keyed_rows)
