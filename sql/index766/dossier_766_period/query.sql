-- Hồ sơ theo kỳ (QĐ 766, docs/index-766.md §2): mỗi (hồ sơ, kỳ) mà hồ sơ được tiếp nhận trong kỳ
-- hoặc thuộc ho_so_xu_ly_P = đã tiếp nhận ≤ E và mốc kết thúc (kể cả kết thúc do chờ bổ sung)
-- trong kỳ, cộng các hồ sơ còn mở tại E. Quý, năm tính trên tập của chính nó.
SELECT
    state.ma_ho_so,
    state.period_id,
    dossier.eval_ma_don_vi,
    state.is_received_in_p,
    state.is_open_at_e OR state.ket_thuc_766_d BETWEEN period.period_start AND period.effective_end AS in_ho_so_xu_ly,
    state.ket_thuc_766,
    state.ket_thuc_source,
    state.is_open_at_e,
    state.in_supplement_wait_at_e,
    state.so_yeu_cau_bo_sung_at_e,
    state.dung_han_766,
    state.synced_at_e,
    dossier.attribution_flags,
    state.sync_flags,
    list_concat(dossier.attribution_flags, state.sync_flags) AS flags
FROM dossier_766_state AS state
INNER JOIN dim_period AS period ON state.period_id = period.period
INNER JOIN dossier_766_base AS dossier ON state.ma_ho_so = dossier.ma_ho_so
WHERE state.is_received_in_p OR state.is_open_at_e OR state.ket_thuc_766_d >= period.period_start
