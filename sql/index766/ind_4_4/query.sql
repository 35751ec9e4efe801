-- 4.4 Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng (index-766.md §3, 4.4):
-- one fact per dossier received in P; favourable = at least one TAILIEUNOP row taken from the
-- national data store (lay_tu_kho_dmqg = 1) or one GIAYTOKETQUA row synced to the personal data
-- store (dong_bo_kho_ca_nhan = 1). No fact when the province delivers neither TAILIEUNOP nor
-- GIAYTOKETQUA (the indicator has no input: its required columns make it thieu_du_lieu).
SELECT
    '4.4' AS indicator_id,
    received.period_id,
    received.eval_ma_don_vi AS ma_don_vi,
    received.ma_ho_so AS record_key,
    true AS in_denominator,
    coalesce(documents.has_national_store_file OR documents.has_personal_store_result, false) AS is_favourable,
    received.attribution_flags AS flags
FROM received_766_period AS received
CROSS JOIN inputs_766
LEFT JOIN dossier_documents_766 AS documents ON received.ma_ho_so = documents.ma_ho_so
WHERE inputs_766.has_tailieunop OR inputs_766.has_giaytoketqua
