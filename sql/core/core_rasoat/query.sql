-- Review and simplification results as known at D: current version per (ma_tthc, ma_don_vi)
-- (the file landed last wins), approved on or before D (a later approval is not known yet).
-- Level = the reviewing agency's level if known, else NULL.
WITH cur AS (
    SELECT s.*
    FROM stg_rasoat AS s
    WHERE s.ma_tthc IS NOT null
    QUALIFY row_number() OVER (
        PARTITION BY s.ma_tthc, s.ma_don_vi ORDER BY s._landed_seq DESC, s._row DESC, s._file_id DESC
    ) = 1
)

SELECT
    s.ma_tthc,
    s.ma_don_vi,
    a.level,
    s.so_quy_dinh,
    s.so_quy_dinh_cat_giam,
    s.chi_phi_truoc,
    s.chi_phi_sau,
    s.ngay_phe_duyet,
    s._file_id,
    s._row,
    s._landed_seq
FROM cur AS s
CROSS JOIN run_params AS r
LEFT JOIN dim_agency AS a ON s.ma_don_vi = a.ma_don_vi
WHERE s.ngay_phe_duyet IS null OR s.ngay_phe_duyet <= r.as_of
