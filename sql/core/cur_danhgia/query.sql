-- The danhgia rows known at D (thoi_diem on or before D), current version per ma_danh_gia
-- (the file landed last wins). core_danhgia keeps those whose dossier is known at D,
-- orphan_danhgia the others: one definition of "current", two uses.
SELECT e.*
FROM stg_danhgia AS e, run_params AS r
WHERE
    e.ma_danh_gia IS NOT null AND e.thoi_diem IS NOT null
    AND CAST(e.thoi_diem AS DATE) <= r.as_of
QUALIFY row_number() OVER (
    PARTITION BY e.ma_danh_gia ORDER BY e._landed_seq DESC, e._row DESC, e._file_id DESC
) = 1
