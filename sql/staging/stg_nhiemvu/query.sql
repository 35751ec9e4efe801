-- Sổ theo dõi nhiệm vụ kế hoạch (đã nạp): raw_nhiemvu without exact duplicates (same values in every parsed column);
-- every version is kept; of identical copies the LAST landed one is kept (its lineage), so
-- "the file landed later wins" (exports.md, Updates) still holds when a version is re-sent.
SELECT *
FROM raw_nhiemvu
QUALIFY row_number() OVER (
    PARTITION BY ma_nhiem_vu, ma_don_vi, san_pham, so_luong, han, ngay_hoan_thanh
    ORDER BY _landed_seq DESC, _row DESC, _file_id DESC
) = 1
