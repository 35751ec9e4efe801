-- The thanhtoan rows known at D (thoi_diem on or before D), current version per ma_giao_dich
-- (the file landed last wins). core_thanhtoan keeps those whose dossier is known at D,
-- orphan_thanhtoan the others: one definition of "current", two uses.
SELECT payment.*
FROM stg_thanhtoan AS payment, run_params
WHERE
    payment.ma_giao_dich IS NOT null AND payment.thoi_diem IS NOT null
    AND CAST(payment.thoi_diem AS DATE) <= run_params.as_of
QUALIFY row_number() OVER (
    PARTITION BY payment.ma_giao_dich ORDER BY payment._landed_seq DESC, payment._row DESC, payment._file_id DESC
) = 1
