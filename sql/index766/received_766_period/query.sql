-- The dossiers received in each period P (index-766.md §2, "Received (766)": the metrics.md rule,
-- date of ngay_tiep_nhan in P and <= E), attributed to their evaluated unit, synced at that
-- period's E, with their flags (don_vi_tiep_nhan_thay, as_of_D): dossier_766_period; the
-- attribution flags alone for the indicators that do not read the sync. Beside them
-- what the indicators of groups 3 and 4 read of the dossier (fct_dossier).
-- Executing agency (3.2's service pairs): ma_co_quan_thuc_hien, else the receiving agency.
SELECT
    received.period_id,
    received.ma_ho_so,
    received.eval_ma_don_vi,
    coalesce(dossier.ma_co_quan_thuc_hien, dossier.ma_don_vi) AS ma_co_quan_xu_ly,
    dossier.ma_tthc,
    dossier.ten_tthc,
    dossier.kenh_nop,
    dossier.muc_do,
    dossier.is_resolved AND dossier.ngay_ket_thuc_d <= dim_period.effective_end AS is_resolved_by_e,
    dossier.co_thanh_phan_so_hoa,
    dossier.da_so_hoa_ket_qua,
    dossier.ma_ket_qua,
    dossier.phi_le_phi,
    dossier.thanh_toan_truc_tuyen,
    dossier.tai_khoan_vneid,
    received.synced_at_e,
    received.flags,
    attributed.attribution_flags
FROM dossier_766_period AS received
INNER JOIN fct_dossier AS dossier ON received.ma_ho_so = dossier.ma_ho_so
INNER JOIN dossier_766_base AS attributed ON received.ma_ho_so = attributed.ma_ho_so
INNER JOIN dim_period ON received.period_id = dim_period.period
WHERE received.is_received_in_p
