-- check: orphan_evaluations severity=warn title="Đánh giá chưa có hồ sơ"
-- Đánh giá hài lòng của hồ sơ chưa có trong dữ liệu: bị cách ly, chưa được tính; sẽ được nạp khi hồ sơ đến.
SELECT ma_danh_gia, ma_ho_so, _file_id, _row FROM orphan_danhgia
