-- 3.5a Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến (index-766.md §3,
-- 3.5a): per period P and evaluated unit u, d = the procedures applied at u (tthc_ap_dung) with
-- co_nghia_vu_tai_chinh = 1 in the catalogue of P ([DOC] reads the current catalogue; the
-- catalogue at E keeps replays stable); favourable = at least one dossier of u for it, received
-- in P, synced at E, with a fee: phi_le_phi > 0 or a LEPHI row with gia > 0.
WITH fee_dossiers AS (
    SELECT
        received.period_id,
        received.eval_ma_don_vi,
        received.ma_tthc,
        bool_or(list_contains(received.flags, 'as_of_D')) AS synced_as_of_d
    FROM received_766_period AS received
    LEFT JOIN dossier_documents_766 AS documents ON received.ma_ho_so = documents.ma_ho_so
    WHERE
        received.synced_at_e
        AND (coalesce(received.phi_le_phi, 0) > 0 OR coalesce(documents.so_khoan_phi_duong, 0) > 0)
    GROUP BY ALL
)

SELECT
    '3.5a' AS indicator_id,
    applied.period_id,
    applied.ma_don_vi,
    applied.ma_tthc AS record_key,
    true AS in_denominator,
    fee_dossiers.ma_tthc IS NOT null AS is_favourable,
    list_concat(
        CASE WHEN applied.is_fallback THEN ['fallback'] ELSE [] END,
        CASE WHEN fee_dossiers.synced_as_of_d THEN ['as_of_D'] ELSE [] END
    )::VARCHAR[] AS flags
FROM tthc_ap_dung_unit AS applied
INNER JOIN tthc_766_period AS catalogue
    ON applied.period_id = catalogue.period_id AND applied.ma_tthc = catalogue.ma_tthc
LEFT JOIN fee_dossiers
    ON
        applied.period_id = fee_dossiers.period_id
        AND applied.ma_don_vi = fee_dossiers.eval_ma_don_vi
        AND applied.ma_tthc = fee_dossiers.ma_tthc
WHERE catalogue.co_nghia_vu_tai_chinh
