-- 3.TT Tỷ lệ hồ sơ DVCTT toàn trình / hồ sơ của TTHC đủ điều kiện toàn trình (index-766.md §3,
-- 3.TT; table B only, scoring open §8 A19): d = dossiers received in P whose TTHC has
-- du_dieu_kien_toan_trinh = 1 in the catalogue of P; favourable = submitted online (kenh 2) at
-- online level 4. No fact without the catalogue column (the set of eligible TTHC is unknown).
SELECT
    '3.TT' AS indicator_id,
    received.period_id,
    received.eval_ma_don_vi AS ma_don_vi,
    received.ma_ho_so AS record_key,
    true AS in_denominator,
    received.kenh_nop = 2 AND received.muc_do = 4 AS is_favourable,
    received.attribution_flags AS flags
FROM received_766_period AS received
INNER JOIN tthc_766_period AS catalogue
    ON received.period_id = catalogue.period_id AND received.ma_tthc = catalogue.ma_tthc
WHERE catalogue.du_dieu_kien_toan_trinh
