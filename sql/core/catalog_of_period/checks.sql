-- check: catalog_of_period_unique severity=fail
-- Mỗi TTHC chỉ có một dòng cho mỗi cấp thực hiện trong danh mục của một kỳ.
SELECT period, ma_tthc, level, count(*) AS so_dong
FROM catalog_of_period
GROUP BY period, ma_tthc, level
HAVING count(*) > 1

-- check: catalog_procedure_without_level severity=warn
-- TTHC trong danh mục của kỳ không ghi cấp thực hiện: chỉ được tính ở toàn tỉnh, không vào cấp nào.
SELECT DISTINCT ngay_xuat, ma_tthc, ten_tthc
FROM catalog_of_period
WHERE level IS NULL

-- check: catalog_portal_list_set_aside severity=warn
-- Bản danh mục chỉ gồm danh sách TTHC của Cổng DVCQG (không có cấp thực hiện, mức độ, các cờ, quyết định công bố): không dùng làm danh mục của kỳ khi đã có danh mục của tỉnh.
SELECT ngay_xuat, count(*) AS so_tthc
FROM core_catalog_snapshot
GROUP BY ngay_xuat
HAVING NOT bool_or(len(cap_thuc_hien) > 0 OR muc_do IS NOT NULL
                   OR du_dieu_kien_truc_tuyen IS NOT NULL OR tich_hop_dvcqg IS NOT NULL
                   OR co_nghia_vu_tai_chinh IS NOT NULL OR trien_khai_thanh_toan_truc_tuyen IS NOT NULL
                   OR co_quy_trinh_noi_bo IS NOT NULL OR cong_khai_csdlqg IS NOT NULL
                   OR niem_yet IS NOT NULL OR ngay_qd_cong_bo IS NOT NULL)
