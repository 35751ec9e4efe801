-- title: Đánh giá hài lòng có trước khi trả kết quả
-- description: Đánh giá (DANHGIA) có thời điểm trước thời điểm trả kết quả của hồ sơ (ngay_tra), hoặc của hồ sơ chưa
-- description: trả kết quả (ngay_tra trống): người dân chưa nhận kết quả thì chưa thể đánh giá việc giải quyết.
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận hồ sơ (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Đánh giá từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Đánh giá đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
SELECT
    evaluation.ma_danh_gia,
    evaluation.ma_ho_so,
    dossier.ma_don_vi,
    agency.ten_don_vi,
    evaluation.kenh_danh_gia,
    evaluation.muc_do_hai_long,
    evaluation.thoi_diem AS thoi_diem_danh_gia,
    dossier.ngay_tra AS thoi_diem_tra_ket_qua,
    dossier.trang_thai,
    CASE WHEN dossier.ngay_tra IS null THEN 'chua_tra_ket_qua' ELSE 'truoc_khi_tra' END AS ly_do
FROM core_danhgia AS evaluation
INNER JOIN fct_dossier AS dossier ON evaluation.ma_ho_so = dossier.ma_ho_so
LEFT JOIN dim_agency AS agency ON dossier.ma_don_vi = agency.ma_don_vi
WHERE
    (dossier.ngay_tra IS null OR evaluation.thoi_diem < dossier.ngay_tra)
    AND (CAST($don_vi AS VARCHAR) IS null OR dossier.ma_don_vi = CAST($don_vi AS VARCHAR))
    AND (CAST($tu_ngay AS DATE) IS null OR evaluation.ngay_danh_gia >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR evaluation.ngay_danh_gia <= CAST($den_ngay AS DATE))
ORDER BY dossier.ma_don_vi, evaluation.thoi_diem, evaluation.ma_danh_gia
