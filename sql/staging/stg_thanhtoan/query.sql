-- Giao dịch thanh toán phí, lệ phí (bản ghi đã nạp): raw_thanhtoan without exact duplicates (same values in every parsed column);
-- every version is kept; of identical copies the LAST landed one is kept (its lineage), so
-- "the file landed later wins" (exports.md, Updates) still holds when a version is re-sent.
SELECT *
FROM raw_thanhtoan
QUALIFY row_number() OVER (
    PARTITION BY ma_giao_dich, ma_ho_so, so_tien, loai, hinh_thuc, thoi_diem, trang_thai
    ORDER BY _landed_seq DESC, _row DESC, _file_id DESC
) = 1
