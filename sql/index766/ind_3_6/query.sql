-- 3.6 Tỷ lệ hồ sơ thanh toán trực tuyến (index-766.md §3, 3.6): one fact per dossier received in
-- P whose TTHC has co_nghia_vu_tai_chinh = 1 in the catalogue of P; out of d when all its fees
-- are 0: every LEPHI row has gia = 0, or, without LEPHI rows, phi_le_phi is 0 or empty
-- (exports.md: "0 or empty = no fee"). Favourable = paid online: thanh_toan_truc_tuyen 1 (Cổng
-- DVCQG/PayGov) or 2 (cổng thanh toán của tỉnh).
WITH fee_dossiers AS (
    SELECT
        received.*,
        CASE
            WHEN coalesce(documents.so_khoan_phi, 0) > 0 THEN documents.so_khoan_mien = documents.so_khoan_phi
            ELSE coalesce(received.phi_le_phi, 0) = 0
        END AS all_fees_zero
    FROM received_766_period AS received
    INNER JOIN tthc_766_period AS catalogue
        ON received.period_id = catalogue.period_id AND received.ma_tthc = catalogue.ma_tthc
    LEFT JOIN dossier_documents_766 AS documents ON received.ma_ho_so = documents.ma_ho_so
    WHERE catalogue.co_nghia_vu_tai_chinh
)

SELECT
    '3.6' AS indicator_id,
    period_id,
    eval_ma_don_vi AS ma_don_vi,
    ma_ho_so AS record_key,
    NOT all_fees_zero AS in_denominator,
    NOT all_fees_zero AND coalesce(thanh_toan_truc_tuyen IN (1, 2), false) AS is_favourable,
    attribution_flags AS flags
FROM fee_dossiers
