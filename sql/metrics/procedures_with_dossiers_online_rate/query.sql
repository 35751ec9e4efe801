-- procedures_with_dossiers_online_rate (metrics.md): denominator = distinct procedures
-- (national code) with at least one dossier received in P (date of ngay_tiep_nhan in P, <= E);
-- numerator = those whose muc_do in the catalogue of P is >= 3 (a procedure absent from the
-- catalogue of P is not >= 3). One fact per (procedure, receiving agency): level and agency are
-- the dossier's; unit_id = ma_tthc, so the aggregator counts a procedure once per level and
-- once province-wide.
WITH received_procedures AS (
    SELECT DISTINCT
        dim_period.period,
        dossier.level,
        dossier.ma_don_vi,
        dossier.ma_tthc
    FROM fct_dossier AS dossier
    INNER JOIN dim_period ON dossier.ngay_tiep_nhan_d BETWEEN dim_period.period_start AND dim_period.effective_end
    WHERE dossier.is_received AND dossier.ma_tthc IS NOT null
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
    received_procedures.period,
    received_procedures.level,
    received_procedures.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    received_procedures.ma_tthc AS unit_id,
    CASE WHEN coalesce(online.muc_do, 0) >= 3 THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM received_procedures
LEFT JOIN online ON received_procedures.period = online.period AND received_procedures.ma_tthc = online.ma_tthc
