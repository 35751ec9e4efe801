-- online_payment_transaction_rate (metrics.md): den = successful payments (trang_thai
-- thanh_cong) dated in P (<= E) for dossiers whose procedure had trien_khai_thanh_toan_truc_tuyen
-- = 1 in the catalogue in force on the payment's date (catalog_snapshots: the newest province
-- snapshot with ngay_xuat <= that date; before the first snapshot, the first one); num = those
-- with hinh_thuc in {1, 2}. Whether a payment counts does not depend on P, so the months add up
-- to the quarters and the year (the catalogue of P would judge a January payment by the
-- December catalogue in the year's value and by January's in January's).
-- Orphan payments (dossier unknown) and payments dated after D are not in core_thanhtoan.
-- One fact per payment: unit_id = ma_giao_dich, level/agency the dossier's.
WITH counted_payment AS (
    SELECT payment.*
    FROM core_thanhtoan AS payment
    INNER JOIN catalog_snapshots AS in_force
        ON
            in_force.in_force_chain
            AND (in_force.in_force_from IS null OR payment.ngay_thanh_toan >= in_force.in_force_from)
            AND (in_force.in_force_to IS null OR payment.ngay_thanh_toan <= in_force.in_force_to)
    WHERE
        payment.trang_thai = 'thanh_cong'
        AND EXISTS (
            SELECT 1 FROM core_catalog_snapshot AS procedure_entry
            WHERE
                procedure_entry.ngay_xuat = in_force.ngay_xuat
                AND procedure_entry.ma_tthc = payment.ma_tthc
                AND procedure_entry.trien_khai_thanh_toan_truc_tuyen
        )
)

SELECT
    'online_payment_transaction_rate' AS metric_id,
    dim_period.period,
    counted_payment.level,
    counted_payment.ma_don_vi,
    CAST(null AS VARCHAR) AS group_key,
    counted_payment.ma_giao_dich AS unit_id,
    CASE WHEN counted_payment.hinh_thuc IN (1, 2) THEN 1.0 ELSE 0.0 END AS num,
    1.0 AS den
FROM counted_payment
INNER JOIN dim_period
    ON counted_payment.ngay_thanh_toan BETWEEN dim_period.period_start AND dim_period.effective_end
