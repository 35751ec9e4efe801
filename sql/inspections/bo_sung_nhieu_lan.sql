-- title: Hồ sơ bị yêu cầu bổ sung nhiều lần
-- description: Hồ sơ có số bước "Yêu cầu bổ sung" lớn hơn so_lan (mặc định 2): quy định chỉ cho yêu cầu bổ sung một lần,
-- description: yêu cầu lặp lại nhiều lần là dấu hiệu gây phiền hà hoặc kéo dài thời hạn.
-- param: so_lan INTEGER = 2 | Nêu hồ sơ có số lần yêu cầu bổ sung lớn hơn số này
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Tiếp nhận từ ngày (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Tiếp nhận đến ngày (trống: không giới hạn)
-- sensitivity: noi_bo
SELECT
    dossier.ma_ho_so,
    dossier.ma_don_vi,
    agency.ten_don_vi,
    dossier.ma_tthc,
    dossier.ten_tthc,
    dossier.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    dossier.trang_thai,
    dossier.so_lan_yeu_cau_bo_sung,
    dossier.so_lan_cong_dan_bo_sung,
    (
        SELECT list(step.thoi_diem ORDER BY step.thoi_diem) FROM fct_dossier_step AS step
        WHERE step.ma_ho_so = dossier.ma_ho_so AND step.hanh_dong = 'yeu_cau_bo_sung'
    ) AS cac_lan_yeu_cau
FROM fct_dossier AS dossier
LEFT JOIN dim_agency AS agency ON dossier.ma_don_vi = agency.ma_don_vi
WHERE
    dossier.so_lan_yeu_cau_bo_sung > CAST($so_lan AS INTEGER)
    AND (CAST($don_vi AS VARCHAR) IS null OR dossier.ma_don_vi = CAST($don_vi AS VARCHAR))
    AND (CAST($tu_ngay AS DATE) IS null OR dossier.ngay_tiep_nhan_d >= CAST($tu_ngay AS DATE))
    AND (CAST($den_ngay AS DATE) IS null OR dossier.ngay_tiep_nhan_d <= CAST($den_ngay AS DATE))
ORDER BY dossier.so_lan_yeu_cau_bo_sung DESC, dossier.ma_don_vi ASC, dossier.ma_ho_so ASC
