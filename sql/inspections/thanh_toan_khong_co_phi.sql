-- title: Giao dịch thanh toán của hồ sơ không có phí, lệ phí
-- description: Giao dịch thanh toán (mặc định chỉ giao dịch thành công) ghi cho hồ sơ mà phí, lệ phí trên hồ sơ
-- description: (phiên bản hiện hành) bằng 0 hoặc trống: thu không có căn cứ, hoặc hồ sơ ghi thiếu phí.
-- param: chi_thanh_cong BOOLEAN = true | Chỉ xét giao dịch thành công (false: mọi trạng thái)
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận hồ sơ (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Thanh toán từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Thanh toán đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
SELECT
    t.ma_giao_dich,
    t.ma_ho_so,
    d.ma_don_vi,
    a.ten_don_vi,
    d.ma_tthc,
    d.ten_tthc,
    d.phi_le_phi,
    t.so_tien,
    t.loai,
    t.hinh_thuc,
    t.trang_thai,
    t.thoi_diem
FROM core_thanhtoan AS t
INNER JOIN fct_dossier AS d ON t.ma_ho_so = d.ma_ho_so
LEFT JOIN dim_agency AS a ON d.ma_don_vi = a.ma_don_vi
WHERE
    coalesce(d.phi_le_phi, 0) = 0
    AND (NOT coalesce(CAST($chi_thanh_cong AS BOOLEAN), true) OR t.trang_thai = 'thanh_cong')
    AND (CAST($don_vi AS VARCHAR) IS null OR d.ma_don_vi = CAST($don_vi AS VARCHAR))
    AND (CAST($tu_ngay AS DATE) IS null OR t.ngay_thanh_toan >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR t.ngay_thanh_toan <= CAST($den_ngay AS DATE))
ORDER BY d.ma_don_vi, t.thoi_diem, t.ma_giao_dich
