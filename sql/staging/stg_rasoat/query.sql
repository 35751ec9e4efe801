-- Kết quả rà soát, đơn giản hóa TTHC (đã nạp): raw_rasoat without exact duplicates (same values in every parsed column);
-- every version is kept; of identical copies the LAST landed one is kept (its lineage), so
-- "the file landed later wins" (exports.md, Updates) still holds when a version is re-sent.
SELECT *
FROM raw_rasoat
QUALIFY row_number() OVER (
    PARTITION BY ma_tthc, ma_don_vi, so_quy_dinh, so_quy_dinh_cat_giam, chi_phi_truoc, chi_phi_sau, ngay_phe_duyet
    ORDER BY _landed_seq DESC, _row DESC, _file_id DESC
) = 1
