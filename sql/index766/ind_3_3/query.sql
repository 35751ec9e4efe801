-- 3.3 Tỷ lệ hồ sơ TTHC theo hình thức nộp trực tuyến (index-766.md §3, 3.3): one fact per
-- dossier received in P (received_766_period), counted in d when synced at E. Favourable = synced,
-- submitted online (kenh 2) and, when its TTHC returns a paper result (co_ket_qua_giay_to = 1 in
-- the catalogue of P), with an electronic result: a GIAYTOKETQUA row with both its file and its
-- code. The multiplier r(1.4) is the framework's: these are the plain n/d facts. Flags: the
-- dossier's (don_vi_tiep_nhan_thay; as_of_D when synced is read from da_dong_bo_dvcqg, §8 A16).
-- Proxy (flag proxy) while the inputs are missing: without GIAYTOKETQUA the result condition is
-- da_so_hoa_ket_qua = 1 with ma_ket_qua not empty; without the catalogue column, or for a TTHC
-- absent from the catalogue, the condition applies to every TTHC.
SELECT
    '3.3' AS indicator_id,
    received.period_id,
    received.eval_ma_don_vi AS ma_don_vi,
    received.ma_ho_so AS record_key,
    received.synced_at_e AS in_denominator,
    received.synced_at_e
    AND received.kenh_nop = 2
    AND (
        NOT coalesce(catalogue.co_ket_qua_giay_to, true)
        OR CASE
            WHEN inputs_766.has_giaytoketqua THEN coalesce(documents.has_coded_result_file, false)
            ELSE coalesce(received.da_so_hoa_ket_qua, false) AND nullif(trim(received.ma_ket_qua), '') IS NOT null
        END
    ) AS is_favourable,
    list_concat(
        CASE
            WHEN NOT inputs_766.has_giaytoketqua OR catalogue.co_ket_qua_giay_to IS null THEN ['proxy'] ELSE []
        END,
        received.flags
    )::VARCHAR[] AS flags
FROM received_766_period AS received
CROSS JOIN inputs_766
LEFT JOIN tthc_766_period AS catalogue
    ON received.period_id = catalogue.period_id AND received.ma_tthc = catalogue.ma_tthc
LEFT JOIN dossier_documents_766 AS documents ON received.ma_ho_so = documents.ma_ho_so
