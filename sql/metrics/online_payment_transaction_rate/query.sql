-- online_payment_transaction_rate (metrics.md): den = successful payments (trang_thai
-- thanh_cong) dated in P (<= E) for dossiers whose procedure has
-- trien_khai_thanh_toan_truc_tuyen = 1 in the catalogue of P; num = those with hinh_thuc in
-- {1, 2}. Orphan payments (dossier unknown) and payments dated after D are not in
-- core_thanhtoan. One fact per payment: unit_id = ma_giao_dich, level/agency the dossier's.
WITH paying AS (
    SELECT DISTINCT
        period,
        ma_tthc
    FROM catalog_of_period
    WHERE trien_khai_thanh_toan_truc_tuyen
)

SELECT
    'online_payment_transaction_rate' AS metric_id,
    dim_period.period,
    payment.level,
    payment.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    payment.ma_giao_dich AS unit_id,
    CASE WHEN payment.hinh_thuc IN (1, 2) THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM core_thanhtoan AS payment
INNER JOIN dim_period ON payment.ngay_thanh_toan BETWEEN dim_period.period_start AND dim_period.effective_end
INNER JOIN paying ON dim_period.period = paying.period AND payment.ma_tthc = paying.ma_tthc
WHERE payment.trang_thai = 'thanh_cong'
