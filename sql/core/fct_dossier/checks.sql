-- check: dossier_key_unique severity=fail title="Mỗi hồ sơ một dòng hiện hành"
-- Mỗi mã hồ sơ chỉ có một dòng hiện hành.
SELECT ma_ho_so, count(*) AS so_dong FROM fct_dossier GROUP BY ma_ho_so HAVING count(*) > 1

-- check: unknown_agency severity=warn title="Hồ sơ của đơn vị chưa có trong danh mục đơn vị"
-- Hồ sơ của đơn vị chưa có trong danh mục đơn vị (DONVI): chưa có cấp, chỉ được tính vào toàn tỉnh.
SELECT ma_don_vi, count(*) AS so_ho_so FROM fct_dossier
WHERE level IS NULL
GROUP BY ma_don_vi ORDER BY so_ho_so DESC

-- check: dossier_dates_in_order severity=warn title="Thứ tự ngày của hồ sơ hợp lý"
-- Thứ tự ngày không hợp lý: tiếp nhận ≤ kết thúc xử lý ≤ trả kết quả (so theo ngày).
SELECT ma_ho_so, ma_don_vi, ngay_tiep_nhan, ngay_ket_thuc_xu_ly, ngay_tra FROM fct_dossier
WHERE ngay_tiep_nhan_d > ngay_ket_thuc_d OR ngay_ket_thuc_d > ngay_tra_d OR ngay_tiep_nhan_d > ngay_tra_d

-- check: resolved_status_without_end_date severity=warn title="Hồ sơ đã giải quyết thiếu ngày kết thúc xử lý"
-- Trạng thái đã giải quyết (9, 10) nhưng không có ngày kết thúc xử lý: không được tính là đã giải quyết.
SELECT ma_ho_so, ma_don_vi, trang_thai FROM fct_dossier
WHERE trang_thai IN (9, 10) AND ngay_ket_thuc_xu_ly IS NULL

-- check: received_status_without_receipt_date severity=warn title="Hồ sơ đã tiếp nhận thiếu ngày tiếp nhận"
-- Trạng thái sau tiếp nhận (2, 4–10) nhưng không có ngày tiếp nhận: không được tính là đã tiếp nhận.
SELECT ma_ho_so, ma_don_vi, trang_thai FROM fct_dossier
WHERE trang_thai NOT IN (1, 3) AND ngay_tiep_nhan IS NULL

-- check: night_volume_within_band severity=warn title="Khối lượng hồ sơ cập nhật trong ngày bình thường"
-- Khối lượng bất thường: số phiên bản hồ sơ cập nhật trong ngày chốt số liệu (ngày làm việc) dưới một phần ba trung vị của 20 ngày làm việc trước đó — có thể thiếu tệp xuất của đêm nay.
WITH run_date AS (SELECT as_of FROM run_params),
daily AS (
    SELECT CAST(ngay_cap_nhat AS DATE) AS d, count(*) AS n
    FROM stg_hoso, run_date
    WHERE CAST(ngay_cap_nhat AS DATE) BETWEEN run_date.as_of - INTERVAL 45 DAY AND run_date.as_of
    GROUP BY 1
),
days AS (
    SELECT calendar_day.d, coalesce(daily.n, 0) AS n
    FROM dim_calendar AS calendar_day
    JOIN run_date ON calendar_day.d BETWEEN run_date.as_of - INTERVAL 45 DAY AND run_date.as_of
    LEFT JOIN daily ON daily.d = calendar_day.d
    WHERE calendar_day.is_working_day
),
recent AS (
    SELECT median(n) AS usual, count(*) AS so_ngay FROM (
        SELECT days.n FROM days, run_date WHERE days.d < run_date.as_of ORDER BY days.d DESC LIMIT 20)
)
SELECT days.d AS ngay, days.n AS so_phien_ban, recent.usual AS trung_vi_20_ngay
FROM days, recent, run_date
WHERE days.d = run_date.as_of AND recent.so_ngay >= 10 AND days.n * 3 < recent.usual

-- check: unknown_procedure severity=warn title="Hồ sơ của thủ tục chưa có trong danh mục TTHC"
-- Hồ sơ của thủ tục chưa có trong bất kỳ danh mục TTHC nào đã nạp (mã TTHC quốc gia): không xác định được mức độ DVC trực tuyến.
SELECT dossier.ma_tthc, count(*) AS so_ho_so FROM fct_dossier AS dossier
WHERE dossier.ma_tthc IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM core_catalog_snapshot AS catalog_entry
                  WHERE catalog_entry.ma_tthc = dossier.ma_tthc)
GROUP BY dossier.ma_tthc ORDER BY so_ho_so DESC

-- check: steps_of_unknown_dossier severity=warn title="Bước xử lý của hồ sơ chưa có"
-- Bước xử lý của hồ sơ chưa có trong dữ liệu hồ sơ: chưa được dùng cho chỉ số nào.
SELECT step.ma_ho_so, count(*) AS so_buoc FROM fct_dossier_step AS step
WHERE NOT EXISTS (SELECT 1 FROM fct_dossier AS dossier WHERE dossier.ma_ho_so = step.ma_ho_so)
GROUP BY step.ma_ho_so ORDER BY so_buoc DESC
