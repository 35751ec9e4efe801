-- The evaluation of a dossier in a period (metrics.md, satisfaction_rate): among the
-- evaluations of core_danhgia dated in P (date of thoi_diem in [period_start, E]), the newest one
-- per dossier: latest thoi_diem, then the file landed last, then the row, then ma_danh_gia.
-- One row per (period, dossier); satisfaction_rate and satisfaction_rate_by_field_group read it.
SELECT
    dated_in_period.period,
    dated_in_period.ma_ho_so,
    dated_in_period.ma_danh_gia,
    dated_in_period.thoi_diem,
    dated_in_period.muc_do_hai_long,
    dated_in_period.level,
    dated_in_period.ma_don_vi,
    dated_in_period.ten_linh_vuc_norm
FROM (
    SELECT
        period.period,
        evaluation.*
    FROM core_danhgia AS evaluation
    INNER JOIN dim_period AS period
        ON evaluation.ngay_danh_gia BETWEEN period.period_start AND period.effective_end
) AS dated_in_period
QUALIFY row_number() OVER (
    PARTITION BY dated_in_period.period, dated_in_period.ma_ho_so
    ORDER BY
        dated_in_period.thoi_diem DESC,
        dated_in_period._landed_seq DESC,
        dated_in_period._row DESC,
        dated_in_period.ma_danh_gia DESC
) = 1
