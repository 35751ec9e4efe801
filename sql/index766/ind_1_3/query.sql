-- 1.3 Tỷ lệ TTHC được công khai có đầy đủ các bộ phận tạo thành (docs/index-766.md §3), trạng
-- thái tại E (danh mục của kỳ), không theo sự kiện trong kỳ: mẫu số = TTHC đang công khai (kể cả
-- sửa đổi, bổ sung); tử số = những TTHC có đủ bảy bộ phận (tên, trình tự, cách thức, thành phần
-- hồ sơ, thời hạn, đối tượng, cơ quan thực hiện; NĐ 63/2010 Đ.8 k.2 a–g). Ô trống: không chứng
-- minh được bộ phận đó (thiếu). Đơn vị như 1.1.
WITH catalogue_of_period AS (
    SELECT DISTINCT
        period AS period_id,
        ngay_xuat,
        ma_tthc
    FROM catalog_of_period
)

SELECT
    '1.3' AS indicator_id,
    catalogue_of_period.period_id,
    lead_unit.eval_ma_don_vi AS ma_don_vi,
    entry.ma_tthc AS record_key,
    true AS in_denominator,
    coalesce(
        entry.co_ten AND entry.co_trinh_tu AND entry.co_cach_thuc AND entry.co_thanh_phan_ho_so
        AND entry.co_thoi_han AND entry.co_doi_tuong AND entry.co_co_quan_thuc_hien,
        false
    ) AS is_favourable,
    CAST([] AS VARCHAR[]) AS flags
FROM catalogue_of_period
INNER JOIN core_catalog_snapshot AS entry
    ON catalogue_of_period.ngay_xuat = entry.ngay_xuat AND catalogue_of_period.ma_tthc = entry.ma_tthc
LEFT JOIN eval_unit AS lead_unit ON entry.ma_don_vi_chu_tri = lead_unit.ma_don_vi
WHERE entry.trang_thai_cong_khai IN ('dang_cong_khai', 'dang_cong_khai_sua_doi_bo_sung')
