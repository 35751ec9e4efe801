-- Feedback (PAKN) as known at D: current version per ma_pakn (the file landed last wins),
-- received on or before D; a transfer or result dated after D is not known yet (NULL).
-- Level = the level of the handling agency (ma_don_vi_xu_ly) if known, else NULL (such a PAKN
-- still counts province-wide). Dates are local dates of the timestamps.
WITH latest_feedback AS (
    SELECT feedback.*
    FROM stg_pakn AS feedback, run_params
    WHERE
        feedback.ma_pakn IS NOT null AND feedback.ngay_tiep_nhan IS NOT null
        AND CAST(feedback.ngay_tiep_nhan AS DATE) <= run_params.as_of
    QUALIFY row_number() OVER (
        PARTITION BY feedback.ma_pakn ORDER BY feedback._landed_seq DESC, feedback._row DESC, feedback._file_id DESC
    ) = 1
)

SELECT
    feedback.ma_pakn,
    feedback.nguon,
    -- empty stays empty (no source rule gives it a value): the metrics count only thuoc_pham_vi = 1,
    -- and column_coverage measures the empty cells (metrics.md, "Required columns")
    feedback.thuoc_pham_vi,
    feedback.ma_don_vi_xu_ly AS ma_don_vi,
    agency.level,
    feedback.trang_thai,
    feedback.cong_khai,
    CAST(feedback.ngay_tiep_nhan AS DATE) AS ngay_tiep_nhan_d,
    CASE WHEN CAST(feedback.ngay_chuyen AS DATE) <= run_params.as_of THEN CAST(feedback.ngay_chuyen AS DATE) END
        AS ngay_chuyen_d,
    CASE
        WHEN CAST(feedback.ngay_co_ket_qua AS DATE) <= run_params.as_of THEN CAST(feedback.ngay_co_ket_qua AS DATE)
    END AS ngay_co_ket_qua_d,
    -- QĐ 766 columns (docs/exports.md, "Additions for the QĐ 766 index"); a request for more
    -- information or a publication dated after D is not known yet (NULL), like the result
    feedback.ma_ho_so,
    feedback.phan_loai,
    feedback.so_thich,
    feedback.so_khong_thich,
    feedback.ma_pakn_goc,
    CASE
        WHEN CAST(feedback.ngay_yeu_cau_bo_sung AS DATE) <= run_params.as_of
            THEN CAST(feedback.ngay_yeu_cau_bo_sung AS DATE)
    END AS ngay_yeu_cau_bo_sung_d,
    CASE
        WHEN CAST(feedback.ngay_cong_khai AS DATE) <= run_params.as_of THEN CAST(feedback.ngay_cong_khai AS DATE)
    END AS ngay_cong_khai_d,
    feedback._file_id,
    feedback._row,
    feedback._landed_seq
FROM latest_feedback AS feedback
CROSS JOIN run_params
LEFT JOIN dim_agency AS agency ON feedback.ma_don_vi_xu_ly = agency.ma_don_vi
