-- Which QĐ 766 inputs the province delivered (docs/index-766-indicators-3-5.md, "Inputs and
-- proxies"): an entity is delivered when at least one loaded file is of that entity (nested
-- arrays of JSON dossier files included); a column is carried when at least one file of its
-- entity carries it (file_columns). The indicators of groups 3-5 read this one row to choose
-- between the exact rule and its proxy (flag `proxy`), or to yield no facts at all when an
-- indicator has no input (then its required_columns make it thieu_du_lieu).
WITH carried_columns AS (
    SELECT
        entity,
        column_name,
        bool_or(carried) AS carried
    FROM file_columns
    GROUP BY entity, column_name
)

SELECT
    coalesce(bool_or(entity = 'tailieunop'), false) AS has_tailieunop,
    coalesce(bool_or(entity = 'giaytoketqua'), false) AS has_giaytoketqua,
    coalesce(bool_or(entity = 'lephi'), false) AS has_lephi,
    coalesce(bool_or(entity = 'tthc_donvi'), false) AS has_tthc_donvi,
    coalesce(bool_or(entity = 'hoso' AND column_name = 'ngay_dong_bo_dvcqg' AND carried), false)
        AS hoso_ngay_dong_bo_dvcqg,
    coalesce(bool_or(entity = 'hoso' AND column_name = 'tai_khoan_vneid' AND carried), false)
        AS hoso_tai_khoan_vneid,
    coalesce(bool_or(entity = 'tthc' AND column_name = 'co_ket_qua_giay_to' AND carried), false)
        AS tthc_co_ket_qua_giay_to,
    coalesce(bool_or(entity = 'tthc' AND column_name = 'du_dieu_kien_toan_trinh' AND carried), false)
        AS tthc_du_dieu_kien_toan_trinh,
    coalesce(bool_or(entity = 'tthc' AND column_name = 'doi_tuong_thuc_hien' AND carried), false)
        AS tthc_doi_tuong_thuc_hien,
    coalesce(bool_or(entity = 'pakn' AND column_name = 'ma_ho_so' AND carried), false) AS pakn_ma_ho_so,
    coalesce(bool_or(entity = 'pakn' AND column_name = 'phan_loai' AND carried), false) AS pakn_phan_loai,
    coalesce(
        bool_or(entity = 'pakn' AND column_name IN ('so_thich', 'so_khong_thich') AND carried), false
    ) AS pakn_thich,
    coalesce(bool_or(entity = 'pakn' AND column_name = 'ma_pakn_goc' AND carried), false) AS pakn_ma_pakn_goc,
    coalesce(bool_or(entity = 'pakn' AND column_name = 'ngay_yeu_cau_bo_sung' AND carried), false)
        AS pakn_ngay_yeu_cau_bo_sung,
    coalesce(bool_or(entity = 'pakn' AND column_name = 'ngay_cong_khai' AND carried), false)
        AS pakn_ngay_cong_khai
FROM carried_columns
