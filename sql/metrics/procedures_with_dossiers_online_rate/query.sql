-- procedures_with_dossiers_online_rate (metrics.md): denominator = distinct procedures
-- (national code) with at least one dossier received in P (date of ngay_tiep_nhan in P, <= E);
-- numerator = those whose muc_do in the catalogue of P is >= 3 (a procedure absent from the
-- catalogue of P is not >= 3). One fact per (procedure, receiving agency): level and agency are
-- the dossier's; unit_id = ma_tthc, so the aggregator counts a procedure once per level and
-- once province-wide.
WITH rec AS (
    SELECT DISTINCT
        p.period,
        d.level,
        d.ma_don_vi,
        d.ma_tthc
    FROM fct_dossier AS d
    INNER JOIN dim_period AS p ON d.ngay_tiep_nhan_d BETWEEN p.period_start AND p.effective_end
    WHERE d.is_received AND d.ma_tthc IS NOT null
),

online AS (
    SELECT
        period,
        ma_tthc,
        max(coalesce(muc_do, 0)) AS muc_do
    FROM catalog_of_period
    GROUP BY period, ma_tthc
)

SELECT
    'procedures_with_dossiers_online_rate' AS metric_id,
    r.period,
    r.level,
    r.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    r.ma_tthc AS unit_id,
    CASE WHEN coalesce(o.muc_do, 0) >= 3 THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM rec AS r
LEFT JOIN online AS o ON r.period = o.period AND r.ma_tthc = o.ma_tthc
