-- 5.1 Tỷ lệ PAKN theo phân loại (index-766.md §3, 5.1; display only): one fact per PAKN about
-- administrative regulations (thuoc_pham_vi = 1) received in P, attributed to
-- eval_unit(ma_don_vi_xu_ly); favourable = classified "Quy định, chính sách, TTHC"
-- (quy_dinh_tthc); the class is the fact's flag (phan_loai_<code>, phan_loai_trong when empty) so
-- that the split by class can be shown. No fact without the phan_loai column.
SELECT
    '5.1' AS indicator_id,
    feedback.period_id,
    feedback.eval_ma_don_vi AS ma_don_vi,
    feedback.ma_pakn AS record_key,
    true AS in_denominator,
    coalesce(feedback.phan_loai = 'quy_dinh_tthc', false) AS is_favourable,
    ['phan_loai_' || coalesce(feedback.phan_loai, 'trong')]::VARCHAR[] AS flags
FROM pakn_766_period AS feedback
CROSS JOIN inputs_766
WHERE feedback.received_in_p AND inputs_766.pakn_phan_loai
