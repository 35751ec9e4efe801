-- check: orphan_payments severity=warn title="Thanh toán chưa có hồ sơ"
-- Giao dịch thanh toán của hồ sơ chưa có trong dữ liệu: bị cách ly, chưa được tính; sẽ được nạp khi hồ sơ đến.
SELECT ma_giao_dich, ma_ho_so, _file_id, _row FROM orphan_thanhtoan
