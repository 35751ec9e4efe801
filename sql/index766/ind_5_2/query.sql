-- 5.2 Tiến độ xử lý PAKN (index-766.md §3, 5.2): one fact per PAKN about administrative
-- regulations handled in P or in progress at E (pakn_766_period), attributed to
-- eval_unit(ma_don_vi_xu_ly); favourable = on time at E by every rule known (15 working days,
-- 2 for a refusal, a request for more information within 5, publication within 2).
-- Partly computable (flag proxy) while the PAKN export lacks ngay_yeu_cau_bo_sung or
-- ngay_cong_khai: the rules of the missing column are not checked.
SELECT
    '5.2' AS indicator_id,
    feedback.period_id,
    feedback.eval_ma_don_vi AS ma_don_vi,
    feedback.ma_pakn AS record_key,
    true AS in_denominator,
    feedback.on_time_at_e AS is_favourable,
    CASE
        WHEN inputs_766.pakn_ngay_yeu_cau_bo_sung AND inputs_766.pakn_ngay_cong_khai THEN [] ELSE ['proxy']
    END::VARCHAR[] AS flags
FROM pakn_766_period AS feedback
CROSS JOIN inputs_766
WHERE feedback.handled_in_p OR feedback.open_at_e
