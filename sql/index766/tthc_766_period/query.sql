-- The catalogue of P (index-766.md §2, "Procedure sets"): the newest TTHC snapshot with
-- ngay_xuat <= E (the one catalog_of_period chose), one row per
-- procedure (catalog_of_period has one per level), with the QĐ 766 columns of groups 3-4.
-- Internal procedures are kept, marked (is_public false): a procedure applied at a unit
-- (tthc_ap_dung) that the catalogue calls internal is then recognised and left out.
WITH period_procedures AS (
    SELECT DISTINCT
        period,
        ngay_xuat,
        ma_tthc
    FROM catalog_of_period
)

SELECT
    period_procedures.period AS period_id,
    snapshot_row.ma_tthc,
    snapshot_row.ten_tthc,
    coalesce(snapshot_row.loai_tthc <> 'noi_bo', true) AS is_public,
    snapshot_row.muc_do,
    snapshot_row.co_nghia_vu_tai_chinh,
    snapshot_row.co_ket_qua_giay_to,
    snapshot_row.du_dieu_kien_toan_trinh,
    snapshot_row.doi_tuong_thuc_hien
FROM period_procedures
INNER JOIN core_catalog_snapshot AS snapshot_row
    ON period_procedures.ngay_xuat = snapshot_row.ngay_xuat AND period_procedures.ma_tthc = snapshot_row.ma_tthc
