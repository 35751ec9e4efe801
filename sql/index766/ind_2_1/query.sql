-- 2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (docs/index-766.md §3): mẫu số = ho_so_xu_ly_P (hồ sơ
-- đã tiếp nhận đến E, kết thúc trong kỳ kể cả kết thúc do chờ bổ sung, cộng hồ sơ còn mở tại E);
-- tử số = các hồ sơ đúng hạn theo QĐ 766 (dung_han_766 tại E của kỳ). Một dòng mỗi hồ sơ, kỳ.
SELECT
    '2.1' AS indicator_id,
    period_id,
    eval_ma_don_vi AS ma_don_vi,
    ma_ho_so AS record_key,
    true AS in_denominator,
    dung_han_766 AS is_favourable,
    attribution_flags AS flags
FROM dossier_766_period
WHERE in_ho_so_xu_ly
