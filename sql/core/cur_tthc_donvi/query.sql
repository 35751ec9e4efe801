-- Every snapshot of the procedures applied at each unit known at the as-of date D
-- (ngay_xuat <= D): one row per (ngay_xuat, ma_tthc, ma_don_vi), the file landed last winning
-- (exports.md, Updates: no ngay_cap_nhat), as core_catalog_snapshot does for the catalogue.
SELECT applied_procedure.*
FROM stg_tthc_donvi AS applied_procedure, run_params
WHERE
    applied_procedure.ngay_xuat IS NOT null
    AND applied_procedure.ma_tthc IS NOT null
    AND applied_procedure.ma_don_vi IS NOT null
    AND applied_procedure.ngay_xuat <= run_params.as_of
QUALIFY row_number() OVER (
    PARTITION BY applied_procedure.ngay_xuat, applied_procedure.ma_tthc, applied_procedure.ma_don_vi
    ORDER BY applied_procedure._landed_seq DESC, applied_procedure._row DESC, applied_procedure._file_id DESC
) = 1
