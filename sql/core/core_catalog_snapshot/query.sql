-- Every TTHC catalogue snapshot known at the as-of date D (ngay_xuat <= D): one row per
-- (ngay_xuat, ma_tthc), the file landed last winning (exports.md, Updates: no ngay_cap_nhat).
-- `levels` = cap_thuc_hien (tinh/huyen/xa) as a list; empty when the export has no such column.
SELECT
    s.ngay_xuat,
    s.ma_tthc,
    s.ten_tthc,
    s.ma_linh_vuc,
    s.ten_linh_vuc,
    coalesce(s.cap_thuc_hien, []::VARCHAR[]) AS cap_thuc_hien,
    s.loai_tthc,
    s.thoi_han,
    s.don_vi_thoi_han,
    s.muc_do,
    s.du_dieu_kien_truc_tuyen,
    s.tich_hop_dvcqg,
    s.co_nghia_vu_tai_chinh,
    s.trien_khai_thanh_toan_truc_tuyen,
    s.co_quy_trinh_noi_bo,
    s.cong_khai_csdlqg,
    s.niem_yet,
    s.so_qd_cong_bo,
    s.ngay_qd_cong_bo,
    s.ngay_hieu_luc_can_cu,
    s.co_quan_ban_hanh,
    s.co_quan_thuc_hien,
    s._file_id,
    s._row,
    s._landed_seq
FROM stg_tthc AS s, run_params AS r
WHERE s.ngay_xuat IS NOT null AND s.ma_tthc IS NOT null AND s.ngay_xuat <= r.as_of
QUALIFY row_number() OVER (
    PARTITION BY s.ngay_xuat, s.ma_tthc ORDER BY s._landed_seq DESC, s._row DESC, s._file_id DESC
) = 1
