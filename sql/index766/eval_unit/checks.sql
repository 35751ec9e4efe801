-- check: eval_unit_key_unique severity=fail title="Đơn vị có hơn một đơn vị được đánh giá"
-- Mỗi đơn vị có đúng một đơn vị được đánh giá.
SELECT ma_don_vi, count(*) AS so_dong FROM eval_unit GROUP BY ma_don_vi HAVING count(*) > 1

-- check: eval_unit_missing severity=warn title="Đơn vị không thuộc đơn vị được đánh giá nào"
-- Đơn vị không có tổ tiên thuộc loại được đánh giá (sở, UBND huyện, UBND xã, cơ quan TW): hồ sơ của đơn vị chỉ vào toàn tỉnh.
SELECT eval_unit.ma_don_vi, agency.ten_don_vi, agency.loai FROM eval_unit
INNER JOIN dim_agency AS agency ON eval_unit.ma_don_vi = agency.ma_don_vi
WHERE eval_unit.eval_ma_don_vi IS NULL
