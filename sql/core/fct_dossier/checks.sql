-- check: dossier_key_unique severity=fail
-- Mỗi mã hồ sơ chỉ có một dòng hiện hành.
SELECT ma_ho_so, count(*) AS so_dong FROM fct_dossier GROUP BY ma_ho_so HAVING count(*) > 1

-- check: unknown_agency severity=warn
-- Hồ sơ của đơn vị chưa có trong danh mục đơn vị (DONVI): chưa có cấp, chỉ được tính vào toàn tỉnh.
SELECT ma_don_vi, count(*) AS so_ho_so FROM fct_dossier
WHERE level IS NULL
GROUP BY ma_don_vi ORDER BY so_ho_so DESC

-- check: dossier_dates_in_order severity=warn
-- Thứ tự ngày không hợp lý: tiếp nhận ≤ kết thúc xử lý ≤ trả kết quả (so theo ngày).
SELECT ma_ho_so, ma_don_vi, ngay_tiep_nhan, ngay_ket_thuc_xu_ly, ngay_tra FROM fct_dossier
WHERE ngay_tiep_nhan_d > ngay_ket_thuc_d OR ngay_ket_thuc_d > ngay_tra_d OR ngay_tiep_nhan_d > ngay_tra_d

-- check: resolved_status_without_end_date severity=warn
-- Trạng thái đã giải quyết (9, 10) nhưng không có ngày kết thúc xử lý: không được tính là đã giải quyết.
SELECT ma_ho_so, ma_don_vi, trang_thai FROM fct_dossier
WHERE trang_thai IN (9, 10) AND ngay_ket_thuc_xu_ly IS NULL

-- check: received_status_without_receipt_date severity=warn
-- Trạng thái sau tiếp nhận (2, 4–10) nhưng không có ngày tiếp nhận: không được tính là đã tiếp nhận.
SELECT ma_ho_so, ma_don_vi, trang_thai FROM fct_dossier
WHERE trang_thai NOT IN (1, 3) AND ngay_tiep_nhan IS NULL
