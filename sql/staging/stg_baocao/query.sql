-- Báo cáo định kỳ của các cơ quan (đã nạp): raw_baocao without exact duplicates (same values in every parsed column);
-- every version is kept; of identical copies the LAST landed one is kept (its lineage), so
-- "the file landed later wins" (exports.md, Updates) still holds when a version is re-sent.
SELECT *
FROM raw_baocao
QUALIFY row_number() OVER (
    PARTITION BY ma_don_vi, ky_bao_cao, han_nop, ngay_nop, so_ho_so_tiep_nhan
    ORDER BY _landed_seq DESC, _row DESC, _file_id DESC
) = 1
