-- 4.5a Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư (index-766.md §3, 4.5a): per period P
-- and evaluated unit u, d = the procedures applied at u (tthc_ap_dung) whose doi_tuong_thuc_hien
-- in the catalogue of P names "Công dân Việt Nam", "Người Việt Nam định cư ở nước ngoài" or
-- "Người nước ngoài" (NFC, case-insensitive); favourable = at least one dossier of u for it,
-- received in P, using population data: the applicant authenticated by VNeID
-- (tai_khoan_vneid = 1) or a submitted document taken from the national store (lay_tu_kho_dmqg).
-- The third source of the definition, ma_csdl in the setting index766.ma_csdl_dan_cu, has an
-- empty default list (code list not found) and is not read.
-- No fact when neither tai_khoan_vneid nor TAILIEUNOP is delivered, or the catalogue has no
-- doi_tuong_thuc_hien (thieu_du_lieu through the required columns).
WITH population_data_dossiers AS (
    SELECT DISTINCT
        received.period_id,
        received.eval_ma_don_vi,
        received.ma_tthc
    FROM received_766_period AS received
    LEFT JOIN dossier_documents_766 AS documents ON received.ma_ho_so = documents.ma_ho_so
    WHERE coalesce(received.tai_khoan_vneid, false) OR coalesce(documents.has_national_store_file, false)
),

citizen_procedures AS (
    SELECT
        period_id,
        ma_tthc
    FROM tthc_766_period
    WHERE
        is_public
        AND (
            contains(lower(nfc_normalize(doi_tuong_thuc_hien)), nfc_normalize('công dân việt nam'))
            OR contains(lower(nfc_normalize(doi_tuong_thuc_hien)), nfc_normalize('người việt nam định cư ở nước ngoài'))
            OR contains(lower(nfc_normalize(doi_tuong_thuc_hien)), nfc_normalize('người nước ngoài'))
        )
)

SELECT
    '4.5a' AS indicator_id,
    applied.period_id,
    applied.ma_don_vi,
    applied.ma_tthc AS record_key,
    true AS in_denominator,
    population_data_dossiers.ma_tthc IS NOT null AS is_favourable,
    CASE WHEN applied.is_fallback THEN ['fallback'] ELSE [] END::VARCHAR[] AS flags
FROM tthc_ap_dung_unit AS applied
SEMI JOIN citizen_procedures
    ON applied.period_id = citizen_procedures.period_id AND applied.ma_tthc = citizen_procedures.ma_tthc
CROSS JOIN inputs_766
LEFT JOIN population_data_dossiers
    ON
        applied.period_id = population_data_dossiers.period_id
        AND applied.ma_don_vi = population_data_dossiers.eval_ma_don_vi
        AND applied.ma_tthc = population_data_dossiers.ma_tthc
WHERE (inputs_766.hoso_tai_khoan_vneid OR inputs_766.has_tailieunop) AND inputs_766.tthc_doi_tuong_thuc_hien
