-- Phản ánh, kiến nghị về quy định hành chính (đã nạp): raw_pakn without exact duplicates (same values in every parsed column);
-- every version is kept; of identical copies the LAST landed one is kept (its lineage), so
-- "the file landed later wins" (exports.md, Updates) still holds when a version is re-sent.
SELECT *
FROM raw_pakn
QUALIFY row_number() OVER (
    PARTITION BY ma_pakn, ngay_tiep_nhan, nguon, thuoc_pham_vi, ma_don_vi_xu_ly, ngay_chuyen, ngay_co_ket_qua, trang_thai, cong_khai
    ORDER BY _landed_seq DESC, _row DESC, _file_id DESC
) = 1
