-- title: Phản ánh, kiến nghị không được chuyển xử lý trong 5 ngày làm việc
-- description: PAKN thuộc phạm vi xử lý (về quy định hành chính) có ngày chuyển xử lý sau ngày làm việc thứ so_ngay kể từ
-- description: ngày tiếp nhận, hoặc chưa chuyển mà ngày làm việc thứ so_ngay đã qua trước ngày E (metrics.md,
-- description: feedback_transfer_on_time_rate: "within N working days of X" = không sau ngày làm việc thứ N sau ngày X).
-- param: so_ngay INTEGER = 5 | Số ngày làm việc cho phép
-- param: don_vi VARCHAR = NULL | Mã đơn vị xử lý (trống: mọi đơn vị)
-- param: den_ngay DATE = NULL | Ngày E (trống: ngày chốt số liệu)
-- sensitivity: noi_bo
WITH cutoff AS (SELECT coalesce(CAST($den_ngay AS DATE), as_of) AS e FROM run_params),

due_feedback AS (
    SELECT
        feedback.*,
        deadline_day.d AS han_chuyen
    FROM core_pakn AS feedback
    INNER JOIN dim_calendar AS receipt_day ON feedback.ngay_tiep_nhan_d = receipt_day.d
    LEFT JOIN
        dim_calendar AS deadline_day
        ON deadline_day.is_working_day AND deadline_day.wd_seq = receipt_day.wd_seq + CAST($so_ngay AS INTEGER)
    WHERE
        feedback.thuoc_pham_vi
        AND (CAST($don_vi AS VARCHAR) IS null OR feedback.ma_don_vi = CAST($don_vi AS VARCHAR))
)

SELECT
    due_feedback.ma_pakn,
    due_feedback.ma_don_vi,
    agency.ten_don_vi,
    due_feedback.nguon,
    due_feedback.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    due_feedback.han_chuyen,
    CASE WHEN due_feedback.ngay_chuyen_d <= cutoff.e THEN due_feedback.ngay_chuyen_d END AS ngay_chuyen,
    CASE
        WHEN due_feedback.ngay_chuyen_d IS NOT null AND due_feedback.ngay_chuyen_d <= cutoff.e THEN 'chuyen_muon' ELSE
            'chua_chuyen'
    END
        AS tinh_trang,
    due_feedback.trang_thai
FROM due_feedback CROSS JOIN cutoff
LEFT JOIN dim_agency AS agency ON due_feedback.ma_don_vi = agency.ma_don_vi
WHERE
    due_feedback.ngay_tiep_nhan_d <= cutoff.e
    AND (
        (
            due_feedback.ngay_chuyen_d IS NOT null
            AND due_feedback.ngay_chuyen_d <= cutoff.e
            AND due_feedback.ngay_chuyen_d > due_feedback.han_chuyen
        )
        OR (
            (due_feedback.ngay_chuyen_d IS null OR due_feedback.ngay_chuyen_d > cutoff.e)
            AND due_feedback.han_chuyen < cutoff.e
        )
    )
ORDER BY due_feedback.ma_don_vi, due_feedback.ngay_tiep_nhan_d, due_feedback.ma_pakn
