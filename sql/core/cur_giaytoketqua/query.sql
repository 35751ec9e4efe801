-- The current giaytoketqua row per key (ma_ho_so, ma_giay_to): these rows carry no update
-- time, so the file landed last wins (exports.md, Updates), as in cur_danhgia.
SELECT result_document.*
FROM stg_giaytoketqua AS result_document
WHERE result_document.ma_ho_so IS NOT null AND result_document.ma_giay_to IS NOT null
QUALIFY row_number() OVER (
    PARTITION BY result_document.ma_ho_so, result_document.ma_giay_to
    ORDER BY result_document._landed_seq DESC, result_document._row DESC, result_document._file_id DESC
) = 1
