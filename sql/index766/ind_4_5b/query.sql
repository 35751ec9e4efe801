-- 4.5b Tỷ lệ hồ sơ TTHC sử dụng dữ liệu từ CSDL quốc gia về dân cư (index-766.md §3, 4.5b): one
-- fact per dossier received in P; favourable = the applicant authenticated by VNeID
-- (tai_khoan_vneid = 1) or a submitted document taken from the national store
-- (lay_tu_kho_dmqg = 1); ma_csdl is not read (as 4.5a). No fact when neither tai_khoan_vneid nor
-- TAILIEUNOP is delivered (thieu_du_lieu through the required columns).
SELECT
    '4.5b' AS indicator_id,
    received.period_id,
    received.eval_ma_don_vi AS ma_don_vi,
    received.ma_ho_so AS record_key,
    true AS in_denominator,
    coalesce(received.tai_khoan_vneid, false) OR coalesce(documents.has_national_store_file, false) AS is_favourable,
    received.attribution_flags AS flags
FROM received_766_period AS received
CROSS JOIN inputs_766
LEFT JOIN dossier_documents_766 AS documents ON received.ma_ho_so = documents.ma_ho_so
WHERE inputs_766.hoso_tai_khoan_vneid OR inputs_766.has_tailieunop
