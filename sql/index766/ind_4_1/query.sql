-- 4.1 Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử (index-766.md §3, 4.1; §8 A17): one fact
-- per dossier resolved in P (9 or 10, date of ngay_ket_thuc_xu_ly in P and <= E), in d when its
-- TTHC has co_ket_qua_giay_to = 1 in the catalogue of P; favourable = a GIAYTOKETQUA row with an
-- electronic result file.
-- Proxy (flag proxy): without GIAYTOKETQUA the result is da_so_hoa_ket_qua = 1; without the
-- catalogue column, or for a TTHC absent from the catalogue, every TTHC is in d.
-- The evaluated unit and its flag (don_vi_tiep_nhan_thay) are the dossier's (dossier_766_base).
SELECT
    '4.1' AS indicator_id,
    dim_period.period AS period_id,
    attributed.eval_ma_don_vi AS ma_don_vi,
    dossier.ma_ho_so AS record_key,
    coalesce(catalogue.co_ket_qua_giay_to, true) AS in_denominator,
    coalesce(catalogue.co_ket_qua_giay_to, true)
    AND CASE
        WHEN inputs_766.has_giaytoketqua THEN coalesce(documents.has_result_file, false)
        ELSE coalesce(dossier.da_so_hoa_ket_qua, false)
    END AS is_favourable,
    list_concat(
        CASE
            WHEN NOT inputs_766.has_giaytoketqua OR catalogue.co_ket_qua_giay_to IS null THEN ['proxy'] ELSE []
        END,
        attributed.attribution_flags
    )::VARCHAR[] AS flags
FROM fct_dossier AS dossier
INNER JOIN dossier_766_base AS attributed ON dossier.ma_ho_so = attributed.ma_ho_so
INNER JOIN dim_period
    ON dossier.ngay_ket_thuc_d BETWEEN dim_period.period_start AND dim_period.effective_end
CROSS JOIN inputs_766
LEFT JOIN tthc_766_period AS catalogue
    ON dim_period.period = catalogue.period_id AND dossier.ma_tthc = catalogue.ma_tthc
LEFT JOIN dossier_documents_766 AS documents ON dossier.ma_ho_so = documents.ma_ho_so
WHERE dossier.is_received AND dossier.is_resolved
