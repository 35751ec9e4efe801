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

h AS (
    SELECT
        p.*,
        c2.d AS han_cong_bo
    FROM pairs AS p
    INNER JOIN dim_calendar AS c1 ON c1.d = p.ngay_hieu_luc_can_cu - 1
    INNER JOIN dim_calendar AS c2 ON c2.is_working_day AND c2.wd_seq = c1.wd_seq - CAST($so_ngay AS INTEGER) + 1
)

SELECT
    h.ma_tthc,
    h.ten_tthc,
    h.loai_tthc,
    h.ten_linh_vuc,
    h.so_qd_cong_bo,
    h.ngay_qd_cong_bo,
    h.ngay_hieu_luc_can_cu,
    h.han_cong_bo,
    CAST(h.ngay_hieu_luc_can_cu - h.ngay_qd_cong_bo AS INTEGER) AS so_ngay_truoc_hieu_luc
FROM h
WHERE
    h.ngay_qd_cong_bo > h.han_cong_bo
    AND (CAST($tu_ngay AS DATE) IS null OR h.ngay_qd_cong_bo >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR h.ngay_qd_cong_bo <= CAST($den_ngay AS DATE))
ORDER BY h.ngay_qd_cong_bo, h.ma_tthc
