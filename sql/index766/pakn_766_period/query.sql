-- PAKN about administrative regulations (thuoc_pham_vi = 1) judged at the E of each period P
-- (index-766.md §3, 5.2 and 5.3), attributed to eval_unit(ma_don_vi_xu_ly) (§2).
-- start = the latest of ngay_tiep_nhan and ngay_chuyen (a transfer after E is not known at E).
-- On time at E, every known rule holding:
--   handled by E (ngay_co_ket_qua <= E): the result within 15 working days of the start (2 for a
--   refusal, trang_thai tu_choi); in progress at E: E within 15 working days of the start;
--   a request for more information known at E within 5 working days of the start;
--   a published result (cong_khai = 1, ngay_cong_khai known) published within 2 working days of
--   the result.
-- A period keeps the PAKN received in P, handled in P, or in progress at E.
WITH feedback_at_e AS (
    SELECT
        dim_period.period AS period_id,
        dim_period.period_start,
        dim_period.effective_end AS e,
        feedback.*,
        CASE
            WHEN feedback.ngay_chuyen_d <= dim_period.effective_end
                THEN greatest(feedback.ngay_chuyen_d, feedback.ngay_tiep_nhan_d)
            ELSE feedback.ngay_tiep_nhan_d
        END AS start_d,
        coalesce(feedback.ngay_co_ket_qua_d <= dim_period.effective_end, false) AS handled_by_e
    FROM core_pakn AS feedback
    INNER JOIN dim_period ON feedback.ngay_tiep_nhan_d <= dim_period.effective_end
    WHERE feedback.thuoc_pham_vi
),

judged AS (
    SELECT
        feedback_at_e.*,
        feedback_at_e.ngay_tiep_nhan_d >= feedback_at_e.period_start AS received_in_p,
        feedback_at_e.handled_by_e AND feedback_at_e.ngay_co_ket_qua_d >= feedback_at_e.period_start
            AS handled_in_p,
        CASE
            WHEN feedback_at_e.handled_by_e
                THEN
                    feedback_at_e.ngay_co_ket_qua_d
                    <= wd_add(feedback_at_e.start_d, CASE WHEN feedback_at_e.trang_thai = 'tu_choi' THEN 2 ELSE 15 END)
            ELSE feedback_at_e.e <= wd_add(feedback_at_e.start_d, 15)
        END
        AND (
            feedback_at_e.ngay_yeu_cau_bo_sung_d IS null
            OR feedback_at_e.ngay_yeu_cau_bo_sung_d > feedback_at_e.e
            OR feedback_at_e.ngay_yeu_cau_bo_sung_d <= wd_add(feedback_at_e.start_d, 5)
        )
        AND (
            NOT coalesce(feedback_at_e.cong_khai, false)
            OR NOT feedback_at_e.handled_by_e
            OR feedback_at_e.ngay_cong_khai_d IS null
            OR feedback_at_e.ngay_cong_khai_d <= wd_add(feedback_at_e.ngay_co_ket_qua_d, 2)
        ) AS on_time_at_e
    FROM feedback_at_e
)

SELECT
    judged.period_id,
    judged.ma_pakn,
    unit_map.eval_ma_don_vi,
    unit_map.eval_level,
    judged.ma_don_vi AS ma_don_vi_xu_ly,
    judged.received_in_p,
    judged.handled_in_p,
    NOT judged.handled_by_e AS open_at_e,
    judged.on_time_at_e,
    judged.phan_loai,
    judged.so_thich,
    judged.so_khong_thich,
    judged.ngay_tiep_nhan_d,
    judged.e
FROM judged
LEFT JOIN eval_unit AS unit_map ON judged.ma_don_vi = unit_map.ma_don_vi
WHERE judged.received_in_p OR judged.handled_in_p OR NOT judged.handled_by_e
