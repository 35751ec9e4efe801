-- dossiers_in_system_rate (metrics.md): over the BAOCAO rows (agency x report window) chosen for
-- P, den = the agency's self-reported count R, num = min(S, R) with S = dossiers in the system
-- (fct_dossier, received) received by that agency in that report window.
-- Eligible rows (sent by D: a row never sent, or sent after D, has no R and adds nothing —
-- least(S, NULL) would be S):
--   * year P: the rows whose window_year (the year whose annual window 15/12/(Y-1)-14/12/Y
--     contains the row's window end) is P's year, and whose window has started by E;
--   * month and quarter P: the rows whose window ends in P.
-- Windows overlap (Quý I ⊂ 6 tháng ⊂ 9 tháng ⊂ Năm), so a dossier must never be counted twice:
-- among its eligible rows each agency contributes the non-overlapping set that covers the most
-- days; on equal days the set of fewer reports (the cumulative report: 6 tháng rather than
-- Quý I + Quý II, and rather than Quý I + Quý III, 182 days each), then the one ending latest.
-- For a year this gives metrics.md's order — Năm; else 6 tháng + Quý III; else 6 tháng; else
-- Quý I + Quý III; else the one sent — and places Quý II, Quý IV and 9 tháng (9 tháng before
-- 6 tháng + Quý III, 274 days each). For a month or quarter the rows ending in P all end on the
-- same 14th, so they overlap and the longest one is taken (6 tháng rather than Quý II).
-- The sets are enumerated as chains of rows ordered by window (each one starting after the
-- previous one ends): at most 7 kinds of window per agency and year.
-- One fact per chosen row: unit_id = ma_don_vi|ky_bao_cao, level = the agency's level.
WITH RECURSIVE eligible_report AS (
    SELECT
        dim_period.period,
        report.*,
        datediff('day', report.window_start, report.window_end) + 1 AS window_days
    FROM core_baocao AS report
    INNER JOIN dim_period
        ON CASE
            WHEN dim_period.period_kind = 'year'
                THEN
                    report.window_year = year(dim_period.period_start)
                    AND report.window_start <= dim_period.effective_end
            ELSE report.window_end BETWEEN dim_period.period_start AND dim_period.period_end
        END
    WHERE report.so_ho_so_tiep_nhan IS NOT null
),

report_chain AS (
    SELECT
        period,
        ma_don_vi,
        window_end AS last_end,
        [unit_id] AS members,
        window_days AS covered_days
    FROM eligible_report
    UNION ALL
    SELECT
        report_chain.period,
        report_chain.ma_don_vi,
        next_report.window_end AS last_end,
        list_append(report_chain.members, next_report.unit_id) AS members,
        report_chain.covered_days + next_report.window_days AS covered_days
    FROM report_chain
    INNER JOIN eligible_report AS next_report
        ON
            report_chain.period = next_report.period
            AND report_chain.ma_don_vi = next_report.ma_don_vi
            AND report_chain.last_end < next_report.window_start
),

best_chain AS (
    SELECT
        period,
        ma_don_vi,
        members
    FROM report_chain
    QUALIFY row_number() OVER (
        PARTITION BY period, ma_don_vi
        ORDER BY covered_days DESC, len(members) ASC, last_end DESC, members ASC
    ) = 1
),

chosen_report AS (
    SELECT eligible_report.*
    FROM eligible_report
    INNER JOIN best_chain
        ON
            eligible_report.period = best_chain.period
            AND eligible_report.ma_don_vi = best_chain.ma_don_vi
            AND list_contains(best_chain.members, eligible_report.unit_id)
),

system_counts AS (
    SELECT
        chosen_report.period,
        chosen_report.unit_id,
        count(dossier.ma_ho_so) AS dossiers_in_system
    FROM chosen_report
    LEFT JOIN fct_dossier AS dossier
        ON
            chosen_report.ma_don_vi = dossier.ma_don_vi AND dossier.is_received
            AND dossier.ngay_tiep_nhan_d BETWEEN chosen_report.window_start AND chosen_report.window_end
    GROUP BY chosen_report.period, chosen_report.unit_id
)

SELECT
    'dossiers_in_system_rate' AS metric_id,
    chosen_report.period,
    chosen_report.level,
    chosen_report.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    chosen_report.unit_id,
    CAST(least(system_counts.dossiers_in_system, chosen_report.so_ho_so_tiep_nhan) AS DOUBLE) AS num,
    CAST(chosen_report.so_ho_so_tiep_nhan AS DOUBLE) AS den
FROM chosen_report
INNER JOIN system_counts
    ON chosen_report.period = system_counts.period AND chosen_report.unit_id = system_counts.unit_id
