-- dossiers_in_system_rate (metrics.md): over BAOCAO rows (agency x report window) of P,
-- den = the agency's self-reported count R, num = min(S, R) with S = dossiers in the system
-- (fct_dossier, received) received by that agency in that report window.
-- Which rows belong to P:
--   * year P: the rows whose window_year (the year whose annual window 15/12/(Y-1)-14/12/Y
--     contains the row's window end) is P's year, and whose window has started by E;
--   * month and quarter P: the rows whose window overlaps [period_start, E] (literal rule).
-- A row never sent (or sent after D) has no R: it adds nothing (least(S, NULL) would be S).
-- One fact per row: unit_id = ma_don_vi|ky_bao_cao, level = the agency's level.
WITH report_rows AS (
    SELECT
        dim_period.period,
        report.*
    FROM core_baocao AS report
    INNER JOIN dim_period
        ON CASE
            WHEN dim_period.period_kind = 'year'
                THEN
                    report.window_year = year(dim_period.period_start)
                    AND report.window_start <= dim_period.effective_end
            ELSE report.window_start <= dim_period.effective_end AND report.window_end >= dim_period.period_start
        END
    WHERE report.so_ho_so_tiep_nhan IS NOT null
),

system_counts AS (
    SELECT
        report_rows.period,
        report_rows.unit_id,
        count(dossier.ma_ho_so) AS dossiers_in_system
    FROM report_rows
    LEFT JOIN fct_dossier AS dossier
        ON
            report_rows.ma_don_vi = dossier.ma_don_vi AND dossier.is_received
            AND dossier.ngay_tiep_nhan_d BETWEEN report_rows.window_start AND report_rows.window_end
    GROUP BY report_rows.period, report_rows.unit_id
)

SELECT
    'dossiers_in_system_rate' AS metric_id,
    report_rows.period,
    report_rows.level,
    report_rows.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    report_rows.unit_id,
    CAST(least(system_counts.dossiers_in_system, report_rows.so_ho_so_tiep_nhan) AS DOUBLE) AS num,
    CAST(report_rows.so_ho_so_tiep_nhan AS DOUBLE) AS den
FROM report_rows
INNER JOIN system_counts ON report_rows.period = system_counts.period AND report_rows.unit_id = system_counts.unit_id
