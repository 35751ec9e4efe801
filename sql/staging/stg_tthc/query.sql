-- Danh mục TTHC - mọi bản xuất (đã nạp): raw_tthc without exact duplicates (same values in every parsed column);
-- every version is kept; of identical copies the LAST landed one is kept (its lineage), so
-- "the file landed later wins" (exports.md, Updates) still holds when a version is re-sent.
SELECT *
FROM raw_tthc
QUALIFY row_number() OVER (
    PARTITION BY ngay_xuat, ma_tthc, ten_tthc, ma_linh_vuc, ten_linh_vuc, cap_thuc_hien, loai_tthc, thoi_han, don_vi_thoi_han, muc_do, du_dieu_kien_truc_tuyen, tich_hop_dvcqg, co_nghia_vu_tai_chinh, trien_khai_thanh_toan_truc_tuyen, co_quy_trinh_noi_bo, cong_khai_csdlqg, niem_yet, so_qd_cong_bo, ngay_qd_cong_bo, ngay_hieu_luc_can_cu, co_quan_ban_hanh, co_quan_thuc_hien
    ORDER BY _landed_seq DESC, _row DESC, _file_id DESC
) = 1
