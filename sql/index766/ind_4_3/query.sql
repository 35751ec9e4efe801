-- 4.3 Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa (index-766.md §3, 4.3): one
-- fact per dossier received in P; favourable = co_thanh_phan_so_hoa (HoSoCoThanhPhanSoHoa) = 1,
-- the flag [DOC] names for dossiers synced from provincial systems.
SELECT
    '4.3' AS indicator_id,
    period_id,
    eval_ma_don_vi AS ma_don_vi,
    ma_ho_so AS record_key,
    true AS in_denominator,
    coalesce(co_thanh_phan_so_hoa, false) AS is_favourable,
    attribution_flags AS flags
FROM received_766_period
