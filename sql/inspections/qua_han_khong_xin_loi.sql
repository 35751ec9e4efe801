-- title: Hồ sơ quá hạn không có văn bản xin lỗi
-- description: Hồ sơ quá hạn tính đến ngày E (mặc định: ngày chốt số liệu) — đã giải quyết sau ngày hẹn trả,
-- description: hoặc còn mở mà ngày hẹn trả đã qua (không tính hồ sơ bị từ chối, đang chờ công dân bổ sung, rút, dừng;
-- description: metrics.md "Open overdue") — mà không có bước "Ban hành văn bản xin lỗi" nào trước hoặc trong ngày E.
-- description: Hồ sơ được xét theo phiên bản hiện hành tại ngày chốt số liệu.
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Chỉ xét hồ sơ có ngày hẹn trả từ ngày này (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Ngày E (trống: ngày chốt số liệu)
-- sensitivity: noi_bo
WITH e AS (SELECT coalesce(CAST($den_ngay AS DATE), as_of) AS e FROM run_params),

od AS (
    SELECT
        d.*,
        e.e,
        d.is_resolved AND d.ngay_ket_thuc_d <= e.e AS giai_quyet_truoc_e
    FROM fct_dossier AS d CROSS JOIN e
    WHERE
        d.is_received AND d.ngay_tiep_nhan_d <= e.e AND d.ngay_hen_tra_d IS NOT null
        AND (CAST($don_vi AS VARCHAR) IS null OR d.ma_don_vi = CAST($don_vi AS VARCHAR))
        AND (CAST($tu_ngay AS DATE) IS null OR d.ngay_hen_tra_d >= CAST($tu_ngay AS DATE))
)

SELECT
    od.ma_ho_so,
    od.ma_don_vi,
    a.ten_don_vi,
    od.level,
    od.ma_tthc,
    od.ten_tthc,
    od.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    od.ngay_hen_tra_d AS ngay_hen_tra,
    CASE WHEN od.giai_quyet_truoc_e THEN od.ngay_ket_thuc_d END AS ngay_ket_thuc_xu_ly,
    CASE WHEN od.giai_quyet_truoc_e THEN 'da_giai_quyet_qua_han' ELSE 'dang_mo_qua_han' END AS tinh_trang,
    CAST((CASE WHEN od.giai_quyet_truoc_e THEN od.ngay_ket_thuc_d ELSE od.e END) - od.ngay_hen_tra_d AS INTEGER)
        AS so_ngay_tre
FROM od
LEFT JOIN dim_agency AS a ON od.ma_don_vi = a.ma_don_vi
WHERE (
    (od.giai_quyet_truoc_e AND od.ngay_ket_thuc_d > od.ngay_hen_tra_d)
    OR is_open_overdue_at(od, od.e)
)
AND NOT EXISTS (
    SELECT 1 FROM fct_dossier_step AS s
    WHERE s.ma_ho_so = od.ma_ho_so AND s.hanh_dong = 'xin_loi' AND s.thoi_diem_d <= od.e
)
ORDER BY od.ma_don_vi ASC, so_ngay_tre DESC, od.ma_ho_so ASC
