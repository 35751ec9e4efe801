-- 4.6 Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính (index-766.md §3, 4.6): one
-- fact per commune (an evaluated unit of level xa) and period P; favourable = at least one
-- dossier of the commune received in P, of a certification procedure, with an electronic
-- result file (GIAYTOKETQUA; without it, da_so_hoa_ket_qua = 1, flag proxy).
-- Certification procedures: the default list of index-766.md, the procedures whose name (in
-- the catalogue of P, else on the dossier) begins with "Chứng thực bản sao từ bản chính" (NFC,
-- case-insensitive), e.g. 2.000815 and 2.001035.
WITH communes AS (
    SELECT DISTINCT eval_ma_don_vi AS ma_don_vi
    FROM eval_unit
    WHERE eval_level = 'xa'
),

certified_copies AS (
    SELECT DISTINCT
        received.period_id,
        received.eval_ma_don_vi
    FROM received_766_period AS received
    CROSS JOIN inputs_766
    LEFT JOIN tthc_766_period AS catalogue
        ON received.period_id = catalogue.period_id AND received.ma_tthc = catalogue.ma_tthc
    LEFT JOIN dossier_documents_766 AS documents ON received.ma_ho_so = documents.ma_ho_so
    WHERE
        starts_with(
            lower(nfc_normalize(coalesce(catalogue.ten_tthc, received.ten_tthc))),
            nfc_normalize('chứng thực bản sao từ bản chính')
        )
        AND CASE
            WHEN inputs_766.has_giaytoketqua THEN coalesce(documents.has_result_file, false)
            ELSE coalesce(received.da_so_hoa_ket_qua, false)
        END
)

SELECT
    '4.6' AS indicator_id,
    dim_period.period AS period_id,
    communes.ma_don_vi,
    communes.ma_don_vi AS record_key,
    true AS in_denominator,
    certified_copies.eval_ma_don_vi IS NOT null AS is_favourable,
    CASE WHEN inputs_766.has_giaytoketqua THEN [] ELSE ['proxy'] END::VARCHAR[] AS flags
FROM communes
CROSS JOIN dim_period
CROSS JOIN inputs_766
LEFT JOIN certified_copies
    ON dim_period.period = certified_copies.period_id AND communes.ma_don_vi = certified_copies.eval_ma_don_vi
