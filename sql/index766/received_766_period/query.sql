-- The dossiers received in each period P (index-766.md §2, "Received (766)": the metrics.md rule,
-- date of ngay_tiep_nhan in P and <= E), attributed to their evaluated unit (dossier_766), with
-- what the indicators of groups 3 and 4 read of them.
-- Synced at E (§2, "Synced"): ngay_dong_bo_dvcqg <= E when the dossier's file carries that
-- column; otherwise da_dong_bo_dvcqg = 1, a state as of D (§8 A16, flag as_of_D).
-- Executing agency (for 3.2's service pairs): ma_co_quan_thuc_hien, else the receiving agency.
WITH sync_date_files AS (
    SELECT DISTINCT file_id
    FROM file_columns
    WHERE entity = 'hoso' AND column_name = 'ngay_dong_bo_dvcqg' AND carried
)

SELECT
    dim_period.period AS period_id,
    dossier.ma_ho_so,
    attributed.eval_ma_don_vi,
    attributed.eval_level,
    coalesce(dossier.ma_co_quan_thuc_hien, dossier.ma_don_vi) AS ma_co_quan_xu_ly,
    dossier.ma_tthc,
    dossier.ten_tthc,
    dossier.kenh_nop,
    dossier.muc_do,
    dossier.trang_thai,
    dossier.is_resolved AND dossier.ngay_ket_thuc_d <= dim_period.effective_end AS is_resolved_by_e,
    dossier.co_thanh_phan_so_hoa,
    dossier.da_so_hoa_ket_qua,
    dossier.ma_ket_qua,
    dossier.phi_le_phi,
    dossier.thanh_toan_truc_tuyen,
    dossier.tai_khoan_vneid,
    CASE
        WHEN sync_date_files.file_id IS NOT null
            THEN coalesce(CAST(dossier.ngay_dong_bo_dvcqg AS DATE) <= dim_period.effective_end, false)
        ELSE coalesce(dossier.da_dong_bo_dvcqg, false)
    END AS synced_at_e,
    sync_date_files.file_id IS null AS synced_as_of_d
FROM fct_dossier AS dossier
INNER JOIN dossier_766 AS attributed ON dossier.ma_ho_so = attributed.ma_ho_so
INNER JOIN dim_period
    ON dossier.ngay_tiep_nhan_d BETWEEN dim_period.period_start AND dim_period.effective_end
LEFT JOIN sync_date_files ON dossier._file_id = sync_date_files.file_id
WHERE dossier.is_received
