-- title: Hồ sơ sắp đến hạn (cảnh báo sớm)
-- description: Hồ sơ đang mở tại ngày T — đã tiếp nhận, chưa giải quyết, không ở trạng thái bị từ chối (3), chờ công
-- description: dân bổ sung (5), rút (7), dừng (8) — chưa quá hạn (ngày hẹn trả từ ngày T trở đi: hẹn trả đúng ngày T
-- description: là đến hạn hôm nay) và có ngày hẹn trả không sau ngày làm việc thứ so_ngay kể từ ngày T (metrics.md,
-- description: "Due soon at T"; macro is_due_soon_at). so_ngay_lam_viec_con_lai: số ngày làm việc từ sau ngày T đến
-- description: hết ngày hẹn trả (0 = hạn hôm nay hoặc vào ngày nghỉ trước ngày làm việc kế tiếp).
-- param: so_ngay INTEGER = 2 | Số ngày làm việc tính từ ngày T (MOTCUA_DUE_SOON_DAYS của trang báo cáo, mặc định 2)
-- param: don_vi VARCHAR = NULL | Mã đơn vị tiếp nhận (trống: mọi đơn vị)
-- param: cap VARCHAR = NULL | Cấp của đơn vị: tinh, huyen, xa, tw (trống: mọi cấp)
-- param: den_ngay DATE = NULL | Ngày T (trống: ngày chốt số liệu)
-- sensitivity: noi_bo
WITH cutoff AS (SELECT coalesce(CAST($den_ngay AS DATE), as_of) AS t FROM run_params),

due_soon AS (
    SELECT
        dossier.*,
        cutoff.t
    FROM fct_dossier AS dossier CROSS JOIN cutoff
    WHERE
        is_due_soon_at(dossier, cutoff.t, CAST($so_ngay AS INTEGER))
        AND (CAST($cap AS VARCHAR) IS null OR dossier.level = CAST($cap AS VARCHAR))
        AND (CAST($don_vi AS VARCHAR) IS null OR dossier.ma_don_vi = CAST($don_vi AS VARCHAR))
)

SELECT
    due_soon.ma_ho_so,
    due_soon.ma_don_vi,
    agency.ten_don_vi,
    due_soon.level,
    due_soon.ma_tthc,
    due_soon.ten_tthc,
    due_soon.ten_linh_vuc,
    due_soon.ngay_tiep_nhan_d AS ngay_tiep_nhan,
    due_soon.ngay_hen_tra_d AS ngay_hen_tra,
    due_day.wd_seq - t_day.wd_seq AS so_ngay_lam_viec_con_lai
FROM due_soon
INNER JOIN dim_calendar AS t_day ON due_soon.t = t_day.d
INNER JOIN dim_calendar AS due_day ON due_soon.ngay_hen_tra_d = due_day.d
LEFT JOIN dim_agency AS agency ON due_soon.ma_don_vi = agency.ma_don_vi
ORDER BY due_soon.ngay_hen_tra_d ASC, due_soon.ma_don_vi ASC, due_soon.ma_ho_so ASC
