-- Đánh giá mức độ hài lòng (bản ghi đã nạp): raw_danhgia without exact duplicates (same values in every parsed column);
-- every version is kept; of identical copies the LAST landed one is kept (its lineage), so
-- "the file landed later wins" (exports.md, Updates) still holds when a version is re-sent.
SELECT *
FROM raw_danhgia
QUALIFY row_number() OVER (
    PARTITION BY ma_danh_gia, ma_ho_so, thoi_diem, kenh_danh_gia, muc_do_hai_long
    ORDER BY _landed_seq DESC, _row DESC, _file_id DESC
) = 1
