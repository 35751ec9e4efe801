-- 3.1 Tỷ lệ TTHC cung cấp DVCTT (index-766.md §3, 3.1): per period P and evaluated unit u,
-- d = the procedures applied at u (tthc_ap_dung), internal procedures of the catalogue of P
-- left out; favourable = its online level is 3 or 4 (một phần, toàn trình). With TTHC_DONVI the
-- level is the unit's (a procedure offered at two levels by u's sub-units counts once, at the
-- higher); without it, the catalogue's level, shared by every unit of the level (flag fallback).
WITH unit_service_levels AS (
    SELECT
        period_id,
        eval_ma_don_vi,
        ma_tthc,
        max(muc_do) AS muc_do
    FROM tthc_donvi_766_period
    GROUP BY ALL
)

SELECT
    '3.1' AS indicator_id,
    applied.period_id,
    applied.ma_don_vi,
    applied.ma_tthc AS record_key,
    true AS in_denominator,
    coalesce(coalesce(unit_service_levels.muc_do, catalogue.muc_do) IN (3, 4), false) AS is_favourable,
    CASE WHEN unit_service_levels.ma_tthc IS null THEN ['fallback'] ELSE [] END::VARCHAR[] AS flags
FROM tthc_ap_dung AS applied
LEFT JOIN unit_service_levels
    ON
        applied.period_id = unit_service_levels.period_id
        AND applied.ma_don_vi = unit_service_levels.eval_ma_don_vi
        AND applied.ma_tthc = unit_service_levels.ma_tthc
LEFT JOIN tthc_766_period AS catalogue
    ON applied.period_id = catalogue.period_id AND applied.ma_tthc = catalogue.ma_tthc
WHERE catalogue.is_public IS DISTINCT FROM false
