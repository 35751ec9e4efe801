-- Hồ sơ theo QĐ 766: mỗi hồ sơ một dòng (dossier_766_base) với trạng thái tại E = D
-- (dossier_766_state, điểm 'as_of'); trạng thái tại ngày cuối của từng kỳ: dossier_766_period.
SELECT
    dossier.*,
    state_at_d.ket_thuc_766,
    state_at_d.ket_thuc_source,
    state_at_d.is_open_at_e,
    state_at_d.in_supplement_wait_at_e,
    state_at_d.dung_han_766,
    state_at_d.synced_at_e,
    state_at_d.sync_flags
FROM dossier_766_base AS dossier
LEFT JOIN dossier_766_state AS state_at_d ON dossier.ma_ho_so = state_at_d.ma_ho_so AND state_at_d.period_id = 'as_of'
