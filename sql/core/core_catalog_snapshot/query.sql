-- Every TTHC catalogue snapshot known at the as-of date D (ngay_xuat <= D): one row per
-- (ngay_xuat, ma_tthc), the file landed last winning (exports.md, Updates: no ngay_cap_nhat).
-- `levels` = cap_thuc_hien (tinh/huyen/xa) as a list; empty when the export has no such column.
SELECT
    snapshot_row.ngay_xuat,
    snapshot_row.ma_tthc,
    snapshot_row.ten_tthc,
    snapshot_row.ma_linh_vuc,
    snapshot_row.ten_linh_vuc,
    coalesce(snapshot_row.cap_thuc_hien, []::VARCHAR[]) AS cap_thuc_hien,
    snapshot_row.loai_tthc,
    snapshot_row.thoi_han,
    snapshot_row.don_vi_thoi_han,
    snapshot_row.muc_do,
    snapshot_row.du_dieu_kien_truc_tuyen,
    snapshot_row.tich_hop_dvcqg,
    snapshot_row.co_nghia_vu_tai_chinh,
    snapshot_row.trien_khai_thanh_toan_truc_tuyen,
    snapshot_row.co_quy_trinh_noi_bo,
    snapshot_row.cong_khai_csdlqg,
    snapshot_row.niem_yet,
    snapshot_row.so_qd_cong_bo,
    snapshot_row.ngay_qd_cong_bo,
    snapshot_row.ngay_hieu_luc_can_cu,
    snapshot_row.co_quan_ban_hanh,
    snapshot_row.co_quan_thuc_hien,
    -- QĐ 766 columns (docs/exports.md): NULL when the export has no such column, never defaulted
    snapshot_row.co_ket_qua_giay_to,
    snapshot_row.du_dieu_kien_toan_trinh,
    snapshot_row.doi_tuong_thuc_hien,
    snapshot_row.loai_cong_bo,
    snapshot_row.trang_thai_cong_khai,
    snapshot_row.ngay_cong_khai_csdlqg,
    snapshot_row.ma_don_vi_chu_tri,
    snapshot_row.co_ten,
    snapshot_row.co_trinh_tu,
    snapshot_row.co_cach_thuc,
    snapshot_row.co_thanh_phan_ho_so,
    snapshot_row.co_thoi_han,
    snapshot_row.co_doi_tuong,
    snapshot_row.co_co_quan_thuc_hien,
    snapshot_row._file_id,
    snapshot_row._row,
    snapshot_row._landed_seq
FROM stg_tthc AS snapshot_row, run_params
WHERE
    snapshot_row.ngay_xuat IS NOT null
    AND snapshot_row.ma_tthc IS NOT null
    AND snapshot_row.ngay_xuat <= run_params.as_of
QUALIFY row_number() OVER (
    PARTITION BY snapshot_row.ngay_xuat, snapshot_row.ma_tthc
    ORDER BY snapshot_row._landed_seq DESC, snapshot_row._row DESC, snapshot_row._file_id DESC
) = 1
