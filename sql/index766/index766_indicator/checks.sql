-- check: index766_indicator_points_in_range severity=fail title="Điểm chỉ số QĐ 766 ngoài khoảng cho phép"
-- Điểm của chỉ số nằm trong [0, điểm tối đa].
SELECT version, period, level, ma_don_vi, indicator_id, points, max_points FROM index766_indicator
WHERE points < 0 OR points > max_points + 1e-9

-- check: index766_indicator_missing_data severity=warn title="Chỉ số QĐ 766 chưa tính được vì thiếu dữ liệu"
-- Chỉ số QĐ 766 chưa tính được ở toàn tỉnh vì thiếu dữ liệu (cột vắng hoặc trống) hoặc chưa có mô hình: tổng điểm chỉ có phần đã tính.
SELECT version, period, indicator_id, flags FROM index766_indicator
WHERE level = 'toan_tinh' AND status = 'thieu_du_lieu'
ORDER BY version, period, indicator_id
