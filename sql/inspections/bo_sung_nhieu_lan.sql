-- title: Hồ sơ bị yêu cầu bổ sung nhiều lần
-- description: Hồ sơ có số bước "Yêu cầu bổ sung" lớn hơn so_lan (mặc định 2): quy định chỉ cho yêu cầu bổ sung một lần,
-- description: yêu cầu lặp lại nhiều lần là dấu hiệu gây phiền hà hoặc kéo dài thời hạn.
-- param: so_lan INTEGER = 2 | Nêu hồ sơ có số lần yêu cầu bổ sung lớn hơn số này
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Tiếp nhận từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Tiếp nhận đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
SELECT
    d.ma_ho_so,
    d.ma_don_vi,
    a.ten_don_vi,
    d.ma_tthc,
    d.ten_tthc,
    d.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    d.trang_thai,
    d.so_lan_yeu_cau_bo_sung,
    d.so_lan_cong_dan_bo_sung,
    (
        SELECT list(s.thoi_diem ORDER BY s.thoi_diem) FROM fct_dossier_step AS s
        WHERE s.ma_ho_so = d.ma_ho_so AND s.hanh_dong = 'yeu_cau_bo_sung'
    ) AS cac_lan_yeu_cau
FROM fct_dossier AS d
LEFT JOIN dim_agency AS a ON d.ma_don_vi = a.ma_don_vi
WHERE
    d.so_lan_yeu_cau_bo_sung > CAST($so_lan AS INTEGER)
    AND (CAST($don_vi AS VARCHAR) IS null OR d.ma_don_vi = CAST($don_vi AS VARCHAR))
    AND (CAST($tu_ngay AS DATE) IS null OR d.ngay_tiep_nhan_d >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR d.ngay_tiep_nhan_d <= CAST($den_ngay AS DATE))
ORDER BY d.so_lan_yeu_cau_bo_sung DESC, d.ma_don_vi ASC, d.ma_ho_so ASC
