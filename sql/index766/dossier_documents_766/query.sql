-- What the files of each dossier say (index-766.md §3, 3.3, 3.6, 4.1, 4.2, 4.4, 4.5): one row per
-- dossier that has TAILIEUNOP, GIAYTOKETQUA or LEPHI rows (current version, cur_*). These rows
-- carry no date: they count as known at D, also for past periods (index-766.md §6, a known limit).
WITH submitted_files AS (
    SELECT
        ma_ho_so,
        -- a file uploaded (its path not empty) and not deleted (4.2)
        bool_or(coalesce(co_duong_dan_tep, false) AND NOT coalesce(da_xoa, false)) AS has_submitted_file,
        bool_or(coalesce(lay_tu_kho_dmqg, false)) AS has_national_store_file
    FROM cur_tailieunop
    GROUP BY ma_ho_so
),

result_documents AS (
    SELECT
        ma_ho_so,
        bool_or(coalesce(co_duong_dan_tep_ket_qua, false)) AS has_result_file,
        -- 3.3: a result with both its file and its code
        bool_or(coalesce(co_duong_dan_tep_ket_qua, false) AND nullif(trim(ma_giay_to_ket_qua), '') IS NOT null)
            AS has_coded_result_file,
        bool_or(coalesce(dong_bo_kho_ca_nhan, false)) AS has_personal_store_result
    FROM cur_giaytoketqua
    GROUP BY ma_ho_so
),

fees AS (
    SELECT
        ma_ho_so,
        count(*) AS so_khoan_phi,
        count(*) FILTER (WHERE gia > 0) AS so_khoan_phi_duong,
        count(*) FILTER (WHERE gia = 0) AS so_khoan_mien
    FROM cur_lephi
    GROUP BY ma_ho_so
),

dossier_keys AS (
    SELECT ma_ho_so FROM submitted_files
    UNION
    SELECT ma_ho_so FROM result_documents
    UNION
    SELECT ma_ho_so FROM fees
)

SELECT
    dossier_keys.ma_ho_so,
    submitted_files.ma_ho_so IS NOT null AS has_submitted_rows,
    coalesce(submitted_files.has_submitted_file, false) AS has_submitted_file,
    coalesce(submitted_files.has_national_store_file, false) AS has_national_store_file,
    result_documents.ma_ho_so IS NOT null AS has_result_rows,
    coalesce(result_documents.has_result_file, false) AS has_result_file,
    coalesce(result_documents.has_coded_result_file, false) AS has_coded_result_file,
    coalesce(result_documents.has_personal_store_result, false) AS has_personal_store_result,
    coalesce(fees.so_khoan_phi, 0) AS so_khoan_phi,
    coalesce(fees.so_khoan_phi_duong, 0) AS so_khoan_phi_duong,
    coalesce(fees.so_khoan_mien, 0) AS so_khoan_mien
FROM dossier_keys
LEFT JOIN submitted_files ON dossier_keys.ma_ho_so = submitted_files.ma_ho_so
LEFT JOIN result_documents ON dossier_keys.ma_ho_so = result_documents.ma_ho_so
LEFT JOIN fees ON dossier_keys.ma_ho_so = fees.ma_ho_so
