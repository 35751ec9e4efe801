-- The danhgia rows known at D (thoi_diem on or before D), current version per ma_danh_gia
-- (the file landed last wins). core_danhgia keeps those whose dossier is known at D,
-- orphan_danhgia the others: one definition of "current", two uses.
SELECT evaluation.*
FROM stg_danhgia AS evaluation, run_params
WHERE
    evaluation.ma_danh_gia IS NOT null AND evaluation.thoi_diem IS NOT null
    AND CAST(evaluation.thoi_diem AS DATE) <= run_params.as_of
QUALIFY row_number() OVER (
    PARTITION BY evaluation.ma_danh_gia
    ORDER BY evaluation._landed_seq DESC, evaluation._row DESC, evaluation._file_id DESC
) = 1
