-- title: Phản ánh, kiến nghị không được chuyển xử lý trong 5 ngày làm việc
-- description: PAKN thuộc phạm vi xử lý (về quy định hành chính) có ngày chuyển xử lý sau ngày làm việc thứ so_ngay kể từ
-- description: ngày tiếp nhận, hoặc chưa chuyển mà ngày làm việc thứ so_ngay đã qua trước ngày E (metrics.md,
-- description: feedback_transfer_on_time_rate: "within N working days of X" = không sau ngày làm việc thứ N sau ngày X).
-- param: so_ngay INTEGER = 5 | Số ngày làm việc cho phép
-- param: don_vi VARCHAR = NULL | Mã đơn vị xử lý (trống: mọi đơn vị)
-- param: den_ngay DATE = NULL | Ngày E (trống: ngày chốt số liệu)
-- sensitivity: noi_bo
WITH e AS (SELECT coalesce(CAST($den_ngay AS DATE), as_of) AS e FROM run_params),

k AS (
    SELECT
        k.*,
        c2.d AS han_chuyen
    FROM core_pakn AS k
    INNER JOIN dim_calendar AS c1 ON k.ngay_tiep_nhan_d = c1.d
    LEFT JOIN dim_calendar AS c2 ON c2.is_working_day AND c2.wd_seq = c1.wd_seq + CAST($so_ngay AS INTEGER)
    WHERE
        k.thuoc_pham_vi
        AND (CAST($don_vi AS VARCHAR) IS null OR k.ma_don_vi = CAST($don_vi AS VARCHAR))
)

SELECT
    k.ma_pakn,
    k.ma_don_vi,
    a.ten_don_vi,
    k.nguon,
    k.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    k.han_chuyen,
    CASE WHEN k.ngay_chuyen_d <= e.e THEN k.ngay_chuyen_d END AS ngay_chuyen,
    CASE WHEN k.ngay_chuyen_d IS NOT null AND k.ngay_chuyen_d <= e.e THEN 'chuyen_muon' ELSE 'chua_chuyen' END
        AS tinh_trang,
    k.trang_thai
FROM k CROSS JOIN e
LEFT JOIN dim_agency AS a ON k.ma_don_vi = a.ma_don_vi
WHERE
    k.ngay_tiep_nhan_d <= e.e
    AND (
        (k.ngay_chuyen_d IS NOT null AND k.ngay_chuyen_d <= e.e AND k.ngay_chuyen_d > k.han_chuyen)
        OR ((k.ngay_chuyen_d IS null OR k.ngay_chuyen_d > e.e) AND k.han_chuyen < e.e)
    )
ORDER BY k.ma_don_vi, k.ngay_tiep_nhan_d, k.ma_pakn
