-- feedback_handled_on_time_rate (metrics.md): start = date of ngay_chuyen, else of
-- ngay_tiep_nhan. den = PAKN with thuoc_pham_vi = 1 whose start falls in P and whose 15th
-- working day after the start is <= E, or that were handled in P (date of ngay_co_ket_qua in
-- P, <= E); num = date of ngay_co_ket_qua <= the 15th working day strictly after the start.
-- Transfers and results dated after D are unknown at D (core_pakn). One fact per (PAKN,
-- period): unit_id = ma_pakn; level = the handling agency's, if known.
WITH k AS (
    SELECT
        k.*,
        coalesce(k.ngay_chuyen_d, k.ngay_tiep_nhan_d) AS start_d
    FROM core_pakn AS k
    WHERE k.thuoc_pham_vi
),

k2 AS (
    SELECT
        k.*,
        wd_add(k.start_d, 15) AS han_xu_ly
    FROM k
)

SELECT
    'feedback_handled_on_time_rate' AS metric_id,
    p.period,
    k.level,
    k.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    k.ma_pakn AS unit_id,
    CASE WHEN k.ngay_co_ket_qua_d <= k.han_xu_ly THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM k2 AS k
INNER JOIN dim_period AS p
    ON
        (k.start_d BETWEEN p.period_start AND p.effective_end AND k.han_xu_ly <= p.effective_end)
        OR (k.ngay_co_ket_qua_d BETWEEN p.period_start AND p.effective_end)
