-- title: Hồ sơ được tiếp nhận vào ngày nghỉ
-- description: Hồ sơ có ngày tiếp nhận là thứ Bảy, Chủ nhật hoặc ngày nghỉ lễ, tết của cơ quan hành chính (dim_calendar).
-- description: Hồ sơ nộp trực tuyến ngày nghỉ thường chỉ được tiếp nhận ngày làm việc sau đó; tiếp nhận ngày nghỉ đáng xem lại
-- description: (nhất là kênh trực tiếp). Tham số kenh lọc theo kênh nộp.
-- param: kenh INTEGER = NULL | Kênh nộp: 1 trực tiếp, 2 trực tuyến, 3 bưu chính (trống: mọi kênh)
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Tiếp nhận từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Tiếp nhận đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
SELECT
    dossier.ma_ho_so,
    dossier.ma_don_vi,
    agency.ten_don_vi,
    dossier.level,
    dossier.kenh_nop AS kenh,
    dossier.ngay_tiep_nhan,
    CASE isodow(calendar_day.d) WHEN 6 THEN 'Thứ Bảy' WHEN 7 THEN 'Chủ nhật' ELSE 'Ngày thường' END AS thu,
    calendar_day.ten_ngay_nghi
FROM fct_dossier AS dossier
INNER JOIN dim_calendar AS calendar_day ON dossier.ngay_tiep_nhan_d = calendar_day.d
LEFT JOIN dim_agency AS agency ON dossier.ma_don_vi = agency.ma_don_vi
WHERE
    dossier.is_received AND NOT calendar_day.is_working_day
    AND (CAST($kenh AS INTEGER) IS null OR dossier.kenh_nop = CAST($kenh AS INTEGER))
    AND (CAST($don_vi AS VARCHAR) IS null OR dossier.ma_don_vi = CAST($don_vi AS VARCHAR))
    AND (CAST($tu_ngay AS DATE) IS null OR dossier.ngay_tiep_nhan_d >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR dossier.ngay_tiep_nhan_d <= CAST($den_ngay AS DATE))
ORDER BY dossier.ma_don_vi, dossier.ngay_tiep_nhan, dossier.ma_ho_so
