-- The current tailieunop row per key (ma_ho_so, ma_tep): these rows carry no update
-- time, so the file landed last wins (exports.md, Updates), as in cur_danhgia.
SELECT submitted_file.*
FROM stg_tailieunop AS submitted_file
WHERE submitted_file.ma_ho_so IS NOT null AND submitted_file.ma_tep IS NOT null
QUALIFY row_number() OVER (
    PARTITION BY submitted_file.ma_ho_so, submitted_file.ma_tep
    ORDER BY submitted_file._landed_seq DESC, submitted_file._row DESC, submitted_file._file_id DESC
) = 1
