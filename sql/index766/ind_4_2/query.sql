-- 4.2 Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ (index-766.md §3, 4.2; §8 A17): one fact per
-- dossier received in P; favourable = (1) at least one TAILIEUNOP row with a file (path not
-- empty) not deleted, and (2) when its TTHC has co_ket_qua_giay_to = 1 in the catalogue of P and
-- the dossier is resolved by E, an electronic result file (as 4.1). A dossier received in P
-- cannot have a result yet, so (2) waits for its resolution.
-- Proxy (flag proxy): without TAILIEUNOP (1) is co_thanh_phan_so_hoa = 1; without GIAYTOKETQUA
-- the result is da_so_hoa_ket_qua = 1; without the catalogue column, or for a TTHC absent from
-- the catalogue, (2) applies to every TTHC.
SELECT
    '4.2' AS indicator_id,
    received.period_id,
    received.eval_ma_don_vi AS ma_don_vi,
    received.ma_ho_so AS record_key,
    true AS in_denominator,
    CASE
        WHEN inputs_766.has_tailieunop THEN coalesce(documents.has_submitted_file, false)
        ELSE coalesce(received.co_thanh_phan_so_hoa, false)
    END
    AND (
        NOT coalesce(catalogue.co_ket_qua_giay_to, true)
        OR NOT coalesce(received.is_resolved_by_e, false)
        OR CASE
            WHEN inputs_766.has_giaytoketqua THEN coalesce(documents.has_result_file, false)
            ELSE coalesce(received.da_so_hoa_ket_qua, false)
        END
    ) AS is_favourable,
    list_concat(
        CASE
            WHEN
                NOT inputs_766.has_tailieunop
                OR NOT inputs_766.has_giaytoketqua
                OR catalogue.co_ket_qua_giay_to IS null
                THEN ['proxy']
            ELSE []
        END,
        received.attribution_flags
    )::VARCHAR[] AS flags
FROM received_766_period AS received
CROSS JOIN inputs_766
LEFT JOIN tthc_766_period AS catalogue
    ON received.period_id = catalogue.period_id AND received.ma_tthc = catalogue.ma_tthc
LEFT JOIN dossier_documents_766 AS documents ON received.ma_ho_so = documents.ma_ho_so
