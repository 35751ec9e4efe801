-- Review and simplification results as known at D: current version per (ma_tthc, ma_don_vi)
-- (the file landed last wins), approved on or before D (a later approval is not known yet).
-- Level = the reviewing agency's level if known, else NULL.
WITH latest_review AS (
    SELECT review.*
    FROM stg_rasoat AS review
    WHERE review.ma_tthc IS NOT null
    QUALIFY row_number() OVER (
        PARTITION BY review.ma_tthc, review.ma_don_vi
        ORDER BY review._landed_seq DESC, review._row DESC, review._file_id DESC
    ) = 1
)

SELECT
    review.ma_tthc,
    review.ma_don_vi,
    agency.level,
    review.so_quy_dinh,
    review.so_quy_dinh_cat_giam,
    review.chi_phi_truoc,
    review.chi_phi_sau,
    review.ngay_phe_duyet,
    review._file_id,
    review._row,
    review._landed_seq
FROM latest_review AS review
CROSS JOIN run_params
LEFT JOIN dim_agency AS agency ON review.ma_don_vi = agency.ma_don_vi
WHERE review.ngay_phe_duyet IS null OR review.ngay_phe_duyet <= run_params.as_of
