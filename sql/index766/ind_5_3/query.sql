-- 5.3 Tỷ lệ hài lòng trong xử lý PAKN (index-766.md §3, 5.3): one fact per PAKN about
-- administrative regulations received in P (each PAKN once; a re-raising PAKN is a record of
-- its own), attributed to eval_unit(ma_don_vi_xu_ly). Unfavourable = any of: more dislikes than
-- likes (so_khong_thich > so_thich); re-raised (a PAKN received <= E names it as ma_pakn_goc);
-- overdue at E by 5.2. Partly computable (flag proxy) while the export lacks the like counts or
-- ma_pakn_goc: only the terms it has are used.
WITH re_raised AS (
    SELECT DISTINCT
        feedback.period_id,
        feedback.ma_pakn
    FROM pakn_766_period AS feedback
    INNER JOIN core_pakn AS later_feedback
        ON feedback.ma_pakn = later_feedback.ma_pakn_goc AND feedback.e >= later_feedback.ngay_tiep_nhan_d
)

SELECT
    '5.3' AS indicator_id,
    feedback.period_id,
    feedback.eval_ma_don_vi AS ma_don_vi,
    feedback.ma_pakn AS record_key,
    true AS in_denominator,
    feedback.on_time_at_e
    AND NOT coalesce(feedback.so_khong_thich > feedback.so_thich, false)
    AND re_raised.ma_pakn IS null AS is_favourable,
    CASE WHEN inputs_766.pakn_thich AND inputs_766.pakn_ma_pakn_goc THEN [] ELSE ['proxy'] END::VARCHAR[] AS flags
FROM pakn_766_period AS feedback
CROSS JOIN inputs_766
LEFT JOIN re_raised ON feedback.period_id = re_raised.period_id AND feedback.ma_pakn = re_raised.ma_pakn
WHERE feedback.received_in_p
