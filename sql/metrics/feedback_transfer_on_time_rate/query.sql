-- feedback_transfer_on_time_rate (metrics.md): den = PAKN with thuoc_pham_vi = 1 received in P
-- (<= E) and either transferred (ngay_chuyen known at D, whatever its date) or past their 5th
-- working day by E (wd_add(ngay_tiep_nhan, 5) < E: the deadline day itself is not yet past);
-- one never transferred is late. num = date of ngay_chuyen <= the 5th working day strictly
-- after the date of ngay_tiep_nhan. One fact per PAKN: unit_id = ma_pakn; level = the
-- handling agency's, if known.
WITH k AS (
    SELECT
        k.*,
        wd_add(k.ngay_tiep_nhan_d, 5) AS han_chuyen
    FROM core_pakn AS k
    WHERE k.thuoc_pham_vi
)

SELECT
    'feedback_transfer_on_time_rate' AS metric_id,
    p.period,
    k.level,
    k.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    k.ma_pakn AS unit_id,
    CASE WHEN k.ngay_chuyen_d <= k.han_chuyen THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM k
INNER JOIN dim_period AS p ON k.ngay_tiep_nhan_d BETWEEN p.period_start AND p.effective_end
WHERE k.ngay_chuyen_d IS NOT null OR k.han_chuyen < p.effective_end
