-- 3.5b Tỷ lệ TTHC có giao dịch thanh toán trực tuyến (index-766.md §3, 3.5b): d as in 3.5a (the
-- procedures applied at u with co_nghia_vu_tai_chinh = 1 in the catalogue of P); favourable =
-- at least one dossier of u for it, received in P, paid online: thanh_toan_truc_tuyen 1 (Cổng
-- DVCQG) or 2 (cổng thanh toán của tỉnh), or a successful THANHTOAN row of form 1 or 2 dated <= E.
WITH online_payments AS (
    SELECT DISTINCT
        payment.ma_ho_so,
        CAST(payment.thoi_diem AS DATE) AS ngay_thanh_toan
    FROM cur_thanhtoan AS payment
    WHERE payment.hinh_thuc IN (1, 2) AND payment.trang_thai = 'thanh_cong'
),

paid_online AS (
    SELECT DISTINCT
        received.period_id,
        received.eval_ma_don_vi,
        received.ma_tthc
    FROM received_766_period AS received
    INNER JOIN dim_period ON received.period_id = dim_period.period
    WHERE
        received.thanh_toan_truc_tuyen IN (1, 2)
        OR EXISTS (
            SELECT 1
            FROM online_payments
            WHERE
                online_payments.ma_ho_so = received.ma_ho_so
                AND online_payments.ngay_thanh_toan <= dim_period.effective_end
        )
)

SELECT
    '3.5b' AS indicator_id,
    applied.period_id,
    applied.ma_don_vi,
    applied.ma_tthc AS record_key,
    true AS in_denominator,
    paid_online.ma_tthc IS NOT null AS is_favourable,
    CAST(CASE WHEN applied.is_fallback THEN ['fallback'] ELSE [] END AS VARCHAR[]) AS flags
FROM tthc_ap_dung_unit AS applied
INNER JOIN tthc_766_period AS catalogue
    ON applied.period_id = catalogue.period_id AND applied.ma_tthc = catalogue.ma_tthc
LEFT JOIN paid_online
    ON
        applied.period_id = paid_online.period_id
        AND applied.ma_don_vi = paid_online.eval_ma_don_vi
        AND applied.ma_tthc = paid_online.ma_tthc
WHERE catalogue.co_nghia_vu_tai_chinh
