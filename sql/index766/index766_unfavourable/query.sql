-- Bản ghi làm mất điểm QĐ 766: thuộc mẫu số mà không thuận lợi, mỗi chỉ số, kỳ và đơn vị được
-- đánh giá. Các truy vấn kiểm tra qd766_* (sql/inspections/) đọc danh sách này rồi ghép thêm
-- những gì giải thích vì sao bản ghi mất điểm.
SELECT
    indicator_id,
    period_id AS ky,
    ma_don_vi,
    record_key,
    flags AS co
FROM index766_facts
WHERE in_denominator AND NOT coalesce(is_favourable, false)
