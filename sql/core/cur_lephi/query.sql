-- The current lephi row per key (ma_ho_so, stt): these rows carry no update
-- time, so the file landed last wins (exports.md, Updates), as in cur_danhgia.
SELECT fee.*
FROM stg_lephi AS fee
WHERE fee.ma_ho_so IS NOT null AND fee.stt IS NOT null
QUALIFY row_number() OVER (
    PARTITION BY fee.ma_ho_so, fee.stt
    ORDER BY fee._landed_seq DESC, fee._row DESC, fee._file_id DESC
) = 1
