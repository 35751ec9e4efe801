-- dossiers_in_system_rate (metrics.md): over BAOCAO rows (agency x report window) of P,
-- den = the agency's self-reported count R, num = min(S, R) with S = dossiers in the system
-- (fct_dossier, received) received by that agency in that report window.
-- Which rows belong to P:
--   * year P: the rows whose window_year (the year whose annual window 15/12/(Y-1)-14/12/Y
--     contains the row's window end) is P's year, and whose window has started by E;
--   * month and quarter P: the rows whose window overlaps [period_start, E] (literal rule).
-- A row never sent (or sent after D) has no R: it adds nothing (least(S, NULL) would be S).
-- One fact per row: unit_id = ma_don_vi|ky_bao_cao, level = the agency's level.
WITH rows_p AS (
    SELECT
        p.period,
        b.*
    FROM core_baocao AS b
    INNER JOIN dim_period AS p
        ON CASE
            WHEN p.period_kind = 'year'
                THEN b.window_year = year(p.period_start) AND b.window_start <= p.effective_end
            ELSE b.window_start <= p.effective_end AND b.window_end >= p.period_start
        END
    WHERE b.so_ho_so_tiep_nhan IS NOT null
),

s AS (
    SELECT
        b.period,
        b.unit_id,
        count(d.ma_ho_so) AS s
    FROM rows_p AS b
    LEFT JOIN fct_dossier AS d
        ON
            b.ma_don_vi = d.ma_don_vi AND d.is_received
            AND d.ngay_tiep_nhan_d BETWEEN b.window_start AND b.window_end
    GROUP BY b.period, b.unit_id
)

SELECT
    'dossiers_in_system_rate' AS metric_id,
    b.period,
    b.level,
    b.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    b.unit_id,
    CAST(least(s.s, b.so_ho_so_tiep_nhan) AS DOUBLE) AS num,
    CAST(b.so_ho_so_tiep_nhan AS DOUBLE) AS den
FROM rows_p AS b
INNER JOIN s ON b.period = s.period AND b.unit_id = s.unit_id
