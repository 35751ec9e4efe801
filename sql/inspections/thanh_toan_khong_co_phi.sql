-- title: Giao dịch thanh toán của hồ sơ không có phí, lệ phí
-- description: Giao dịch thanh toán (mặc định chỉ giao dịch thành công) ghi cho hồ sơ mà phí, lệ phí trên hồ sơ
-- description: (phiên bản hiện hành) bằng 0 hoặc trống: thu không có căn cứ, hoặc hồ sơ ghi thiếu phí.
-- param: chi_thanh_cong BOOLEAN = true | Chỉ xét giao dịch thành công (false: mọi trạng thái)
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận hồ sơ (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Thanh toán từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Thanh toán đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
SELECT
    payment.ma_giao_dich,
    payment.ma_ho_so,
    dossier.ma_don_vi,
    agency.ten_don_vi,
    dossier.ma_tthc,
    dossier.ten_tthc,
    dossier.phi_le_phi,
    payment.so_tien,
    payment.loai,
    payment.hinh_thuc,
    payment.trang_thai,
    payment.thoi_diem
FROM core_thanhtoan AS payment
INNER JOIN fct_dossier AS dossier ON payment.ma_ho_so = dossier.ma_ho_so
LEFT JOIN dim_agency AS agency ON dossier.ma_don_vi = agency.ma_don_vi
WHERE
    coalesce(dossier.phi_le_phi, 0) = 0
    AND (NOT coalesce(CAST($chi_thanh_cong AS BOOLEAN), true) OR payment.trang_thai = 'thanh_cong')
    AND (CAST($don_vi AS VARCHAR) IS null OR dossier.ma_don_vi = CAST($don_vi AS VARCHAR))
    AND (CAST($tu_ngay AS DATE) IS null OR payment.ngay_thanh_toan >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR payment.ngay_thanh_toan <= CAST($den_ngay AS DATE))
ORDER BY dossier.ma_don_vi, payment.thoi_diem, payment.ma_giao_dich
