-- check: catalog_of_period_unique severity=fail title="Mỗi TTHC một dòng cho mỗi cấp trong danh mục của kỳ"
-- Mỗi TTHC chỉ có một dòng cho mỗi cấp thực hiện trong danh mục của một kỳ.
SELECT period, ma_tthc, level, count(*) AS so_dong
FROM catalog_of_period
GROUP BY period, ma_tthc, level
HAVING count(*) > 1

-- check: catalog_procedure_without_level severity=warn title="TTHC trong danh mục không ghi cấp thực hiện"
-- TTHC trong danh mục của kỳ không ghi cấp thực hiện: chỉ được tính ở toàn tỉnh, không vào cấp nào.
SELECT DISTINCT ngay_xuat, ma_tthc, ten_tthc
FROM catalog_of_period
WHERE level IS NULL

-- check: catalog_portal_list_set_aside severity=warn title="Bản danh mục chỉ có danh sách của Cổng DVCQG"
-- Bản danh mục chỉ gồm danh sách TTHC của Cổng DVCQG (không có cấp thực hiện, mức độ, các cờ, quyết định công bố): không dùng làm danh mục của kỳ khi đã có danh mục của tỉnh.
SELECT ngay_xuat, so_tthc
FROM catalog_snapshots
WHERE NOT is_province_catalog
