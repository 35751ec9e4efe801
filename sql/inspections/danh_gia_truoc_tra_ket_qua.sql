-- title: Đánh giá hài lòng có trước khi trả kết quả
-- description: Đánh giá (DANHGIA) có thời điểm trước thời điểm trả kết quả của hồ sơ (ngay_tra), hoặc của hồ sơ chưa
-- description: trả kết quả (ngay_tra trống): người dân chưa nhận kết quả thì chưa thể đánh giá việc giải quyết.
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận hồ sơ (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Đánh giá từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Đánh giá đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
SELECT
    e.ma_danh_gia,
    e.ma_ho_so,
    d.ma_don_vi,
    a.ten_don_vi,
    e.kenh_danh_gia,
    e.muc_do_hai_long,
    e.thoi_diem AS thoi_diem_danh_gia,
    d.ngay_tra AS thoi_diem_tra_ket_qua,
    d.trang_thai,
    CASE WHEN d.ngay_tra IS null THEN 'chua_tra_ket_qua' ELSE 'truoc_khi_tra' END AS ly_do
FROM core_danhgia AS e
INNER JOIN fct_dossier AS d ON e.ma_ho_so = d.ma_ho_so
LEFT JOIN dim_agency AS a ON d.ma_don_vi = a.ma_don_vi
WHERE
    (d.ngay_tra IS null OR e.thoi_diem < d.ngay_tra)
    AND (CAST($don_vi AS VARCHAR) IS null OR d.ma_don_vi = CAST($don_vi AS VARCHAR))
    AND (CAST($tu_ngay AS DATE) IS null OR e.ngay_danh_gia >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR e.ngay_danh_gia <= CAST($den_ngay AS DATE))
ORDER BY d.ma_don_vi, e.thoi_diem, e.ma_danh_gia
