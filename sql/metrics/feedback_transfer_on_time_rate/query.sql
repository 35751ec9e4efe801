-- feedback_transfer_on_time_rate (metrics.md): den = PAKN with thuoc_pham_vi = 1 received in P
-- (<= E) and either transferred (ngay_chuyen known at D, whatever its date) or past their 5th
-- working day by E (wd_add(ngay_tiep_nhan, 5) < E: the deadline day itself is not yet past);
-- one never transferred is late. num = date of ngay_chuyen <= the 5th working day strictly
-- after the date of ngay_tiep_nhan. One fact per PAKN: unit_id = ma_pakn; level = the
-- handling agency's, if known.
WITH feedback AS (
    SELECT
        feedback.*,
        wd_add(feedback.ngay_tiep_nhan_d, 5) AS han_chuyen
    FROM core_pakn AS feedback
    WHERE feedback.thuoc_pham_vi
)

SELECT
    'feedback_transfer_on_time_rate' AS metric_id,
    dim_period.period,
    feedback.level,
    feedback.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    feedback.ma_pakn AS unit_id,
    CASE WHEN feedback.ngay_chuyen_d <= feedback.han_chuyen THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM feedback
INNER JOIN dim_period ON feedback.ngay_tiep_nhan_d BETWEEN dim_period.period_start AND dim_period.effective_end
WHERE feedback.ngay_chuyen_d IS NOT null OR feedback.han_chuyen < dim_period.effective_end
