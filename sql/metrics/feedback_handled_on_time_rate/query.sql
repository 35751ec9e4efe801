-- feedback_handled_on_time_rate (metrics.md): start = date of ngay_chuyen, else of
-- ngay_tiep_nhan. den = PAKN with thuoc_pham_vi = 1 whose start falls in P and whose 15th
-- working day after the start is <= E, or that were handled in P (date of ngay_co_ket_qua in
-- P, <= E); num = date of ngay_co_ket_qua <= the 15th working day strictly after the start.
-- Transfers and results dated after D are unknown at D (core_pakn). One fact per (PAKN,
-- period): unit_id = ma_pakn; level = the handling agency's, if known.
WITH in_scope_feedback AS (
    SELECT
        feedback.*,
        coalesce(feedback.ngay_chuyen_d, feedback.ngay_tiep_nhan_d) AS start_d
    FROM core_pakn AS feedback
    WHERE feedback.thuoc_pham_vi
),

feedback_with_deadline AS (
    SELECT
        in_scope_feedback.*,
        wd_add(in_scope_feedback.start_d, 15) AS han_xu_ly
    FROM in_scope_feedback
)

SELECT
    'feedback_handled_on_time_rate' AS metric_id,
    dim_period.period,
    feedback_with_deadline.level,
    feedback_with_deadline.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    feedback_with_deadline.ma_pakn AS unit_id,
    CASE
        WHEN feedback_with_deadline.ngay_co_ket_qua_d <= feedback_with_deadline.han_xu_ly THEN 1.0 ELSE 0.0
    END AS num,
    1.0 AS den
FROM feedback_with_deadline
INNER JOIN dim_period
    ON
        (
            feedback_with_deadline.start_d BETWEEN dim_period.period_start AND dim_period.effective_end
            AND feedback_with_deadline.han_xu_ly <= dim_period.effective_end
        )
        OR (feedback_with_deadline.ngay_co_ket_qua_d BETWEEN dim_period.period_start AND dim_period.effective_end)
