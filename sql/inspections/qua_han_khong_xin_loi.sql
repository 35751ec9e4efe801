-- title: Hồ sơ quá hạn không có văn bản xin lỗi
-- description: Hồ sơ quá hạn tính đến ngày E (mặc định: ngày chốt số liệu) — đã giải quyết sau ngày hẹn trả,
-- description: hoặc còn mở mà ngày hẹn trả đã qua (không tính hồ sơ bị từ chối, đang chờ công dân bổ sung, rút, dừng;
-- description: metrics.md "Open overdue") — mà không có bước "Ban hành văn bản xin lỗi" nào trước hoặc trong ngày E.
-- description: Hồ sơ được xét theo phiên bản hiện hành tại ngày chốt số liệu.
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: tu_ngay DATE = NULL | Chỉ xét hồ sơ có ngày hẹn trả từ ngày này (trống: không giới hạn)
-- param: den_ngay DATE = NULL | Ngày E (trống: ngày chốt số liệu)
-- sensitivity: noi_bo
WITH cutoff AS (SELECT coalesce(CAST($den_ngay AS DATE), as_of) AS e FROM run_params),

overdue_dossier AS (
    SELECT
        dossier.*,
        cutoff.e,
        dossier.is_resolved AND dossier.ngay_ket_thuc_d <= cutoff.e AS giai_quyet_truoc_e
    FROM fct_dossier AS dossier CROSS JOIN cutoff
    WHERE
        dossier.is_received AND dossier.ngay_tiep_nhan_d <= cutoff.e AND dossier.ngay_hen_tra_d IS NOT null
        AND (CAST($don_vi AS VARCHAR) IS null OR dossier.ma_don_vi = CAST($don_vi AS VARCHAR))
        AND (CAST($tu_ngay AS DATE) IS null OR dossier.ngay_hen_tra_d >= CAST($tu_ngay AS DATE))
)

SELECT
    overdue_dossier.ma_ho_so,
    overdue_dossier.ma_don_vi,
    agency.ten_don_vi,
    overdue_dossier.level,
    overdue_dossier.ma_tthc,
    overdue_dossier.ten_tthc,
    overdue_dossier.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    overdue_dossier.ngay_hen_tra_d AS ngay_hen_tra,
    CASE WHEN overdue_dossier.giai_quyet_truoc_e THEN overdue_dossier.ngay_ket_thuc_d END AS ngay_ket_thuc_xu_ly,
    CASE WHEN overdue_dossier.giai_quyet_truoc_e THEN 'da_giai_quyet_qua_han' ELSE 'dang_mo_qua_han' END AS tinh_trang,
    CAST(
        (CASE WHEN overdue_dossier.giai_quyet_truoc_e THEN overdue_dossier.ngay_ket_thuc_d ELSE overdue_dossier.e END)
        - overdue_dossier.ngay_hen_tra_d AS INTEGER
    )
        AS so_ngay_tre
FROM overdue_dossier
LEFT JOIN dim_agency AS agency ON overdue_dossier.ma_don_vi = agency.ma_don_vi
WHERE (
    (overdue_dossier.giai_quyet_truoc_e AND overdue_dossier.ngay_ket_thuc_d > overdue_dossier.ngay_hen_tra_d)
    OR is_open_overdue_at(overdue_dossier, overdue_dossier.e)
)
AND NOT EXISTS (
    SELECT 1 FROM fct_dossier_step AS step
    WHERE
        step.ma_ho_so = overdue_dossier.ma_ho_so
        AND step.hanh_dong = 'xin_loi'
        AND step.thoi_diem_d <= overdue_dossier.e
)
ORDER BY overdue_dossier.ma_don_vi ASC, so_ngay_tre DESC, overdue_dossier.ma_ho_so ASC
