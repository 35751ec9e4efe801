-- Feedback (PAKN) as known at D: current version per ma_pakn (the file landed last wins),
-- received on or before D; a transfer or result dated after D is not known yet (NULL).
-- Level = the level of the handling agency (ma_don_vi_xu_ly) if known, else NULL (such a PAKN
-- still counts province-wide). Dates are local dates of the timestamps.
WITH cur AS (
    SELECT k.*
    FROM stg_pakn AS k, run_params AS r
    WHERE
        k.ma_pakn IS NOT null AND k.ngay_tiep_nhan IS NOT null
        AND CAST(k.ngay_tiep_nhan AS DATE) <= r.as_of
    QUALIFY row_number() OVER (
        PARTITION BY k.ma_pakn ORDER BY k._landed_seq DESC, k._row DESC, k._file_id DESC
    ) = 1
)

SELECT
    k.ma_pakn,
    k.nguon,
    coalesce(k.thuoc_pham_vi, false) AS thuoc_pham_vi,
    k.ma_don_vi_xu_ly AS ma_don_vi,
    a.level,
    k.trang_thai,
    k.cong_khai,
    CAST(k.ngay_tiep_nhan AS DATE) AS ngay_tiep_nhan_d,
    CASE WHEN CAST(k.ngay_chuyen AS DATE) <= r.as_of THEN CAST(k.ngay_chuyen AS DATE) END AS ngay_chuyen_d,
    CASE WHEN CAST(k.ngay_co_ket_qua AS DATE) <= r.as_of THEN CAST(k.ngay_co_ket_qua AS DATE) END AS ngay_co_ket_qua_d,
    k._file_id,
    k._row,
    k._landed_seq
FROM cur AS k
CROSS JOIN run_params AS r
LEFT JOIN dim_agency AS a ON k.ma_don_vi_xu_ly = a.ma_don_vi
