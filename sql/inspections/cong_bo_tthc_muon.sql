-- title: Thủ tục hành chính được công bố muộn
-- description: Cặp (mã TTHC, ngày quyết định công bố) trong mọi bản xuất danh mục đến ngày chốt có ngày quyết định công bố
-- description: sau ngày làm việc thứ so_ngay trước ngày hiệu lực của văn bản quy định (tức công bố chưa đủ so_ngay ngày làm việc
-- description: trước khi văn bản có hiệu lực; metrics.md, catalog_publication_on_time_rate). Cả TTHC nội bộ.
-- param: so_ngay INTEGER = 5 | Số ngày làm việc tối thiểu giữa công bố và hiệu lực
-- param: tu_ngay DATE = NULL | Quyết định công bố từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Quyết định công bố đến ngày (trống: không giới hạn)
-- sensitivity: cong_khai
WITH pairs AS (
    SELECT
        ma_tthc,
        ngay_qd_cong_bo,
        arg_max(ngay_hieu_luc_can_cu, ngay_xuat) AS ngay_hieu_luc_can_cu,
        arg_max(so_qd_cong_bo, ngay_xuat) AS so_qd_cong_bo,
        arg_max(ten_tthc, ngay_xuat) AS ten_tthc,
        arg_max(loai_tthc, ngay_xuat) AS loai_tthc,
        arg_max(ten_linh_vuc, ngay_xuat) AS ten_linh_vuc
    FROM core_catalog_snapshot
    WHERE ngay_qd_cong_bo IS NOT null
    GROUP BY ma_tthc, ngay_qd_cong_bo
),

with_deadline AS (
    SELECT
        publication.*,
        deadline_day.d AS han_cong_bo
    FROM pairs AS publication
    INNER JOIN dim_calendar AS day_before_effect ON day_before_effect.d = publication.ngay_hieu_luc_can_cu - 1
    INNER JOIN
        dim_calendar AS deadline_day
        ON
            deadline_day.is_working_day
            AND deadline_day.wd_seq = day_before_effect.wd_seq - CAST($so_ngay AS INTEGER) + 1
)

SELECT
    with_deadline.ma_tthc,
    with_deadline.ten_tthc,
    with_deadline.loai_tthc,
    with_deadline.ten_linh_vuc,
    with_deadline.so_qd_cong_bo,
    with_deadline.ngay_qd_cong_bo,
    with_deadline.ngay_hieu_luc_can_cu,
    with_deadline.han_cong_bo,
    CAST(with_deadline.ngay_hieu_luc_can_cu - with_deadline.ngay_qd_cong_bo AS INTEGER) AS so_ngay_truoc_hieu_luc
FROM with_deadline
WHERE
    with_deadline.ngay_qd_cong_bo > with_deadline.han_cong_bo
    AND (CAST($tu_ngay AS DATE) IS null OR with_deadline.ngay_qd_cong_bo >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR with_deadline.ngay_qd_cong_bo <= CAST($den_ngay AS DATE))
ORDER BY with_deadline.ngay_qd_cong_bo, with_deadline.ma_tthc
