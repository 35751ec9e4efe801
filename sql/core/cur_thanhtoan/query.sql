-- The thanhtoan rows known at D (thoi_diem on or before D), current version per ma_giao_dich
-- (the file landed last wins). core_thanhtoan keeps those whose dossier is known at D,
-- orphan_thanhtoan the others: one definition of "current", two uses.
SELECT t.*
FROM stg_thanhtoan AS t, run_params AS r
WHERE
    t.ma_giao_dich IS NOT null AND t.thoi_diem IS NOT null
    AND CAST(t.thoi_diem AS DATE) <= r.as_of
QUALIFY row_number() OVER (
    PARTITION BY t.ma_giao_dich ORDER BY t._landed_seq DESC, t._row DESC, t._file_id DESC
) = 1
