-- check: ind_3_2_one_fact_per_record severity=fail title="Chỉ số 3.2: bản ghi có hơn một dữ kiện trong kỳ"
-- Mỗi bản ghi chỉ có một dữ kiện trong mỗi kỳ và đơn vị của chỉ số 3.2.
SELECT period_id, ma_don_vi, record_key, count(*) AS so_dong FROM ind_3_2
GROUP BY period_id, ma_don_vi, record_key HAVING count(*) > 1

-- check: ind_3_2_favourable_in_denominator severity=fail title="Chỉ số 3.2: bản ghi đạt nằm ngoài mẫu số"
-- Bản ghi đạt (tử số) của chỉ số 3.2 phải thuộc mẫu số.
SELECT period_id, ma_don_vi, record_key FROM ind_3_2
WHERE is_favourable AND NOT in_denominator

-- check: ind_3_2_unit_unknown severity=warn title="Chỉ số 3.2: bản ghi không xác định được đơn vị được đánh giá"
-- Bản ghi của chỉ số 3.2 không xác định được đơn vị được đánh giá (đơn vị chưa có trong danh mục): chỉ được tính vào toàn tỉnh.
SELECT period_id, record_key FROM ind_3_2 WHERE ma_don_vi IS NULL
