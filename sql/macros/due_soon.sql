-- "Hồ sơ sắp đến hạn tại ngày T" (metrics.md, "Due soon at T"): cảnh báo sớm của trang tổng quan,
-- trang đơn vị, tóm tắt lần chạy và truy vấn kiểm tra ho_so_sap_den_han.
--
-- is_due_soon_at(dossier, t, n): dossier là một dòng của fct_dossier (bí danh của bảng), t là ngày T,
-- n là số ngày làm việc (MOTCUA_DUE_SOON_DAYS, mặc định 2). Đúng khi hồ sơ đang mở tại T
-- (is_open_at, open_overdue.sql: chờ bổ sung thì đồng hồ dừng, không cảnh báo), chưa quá hạn tại T
-- (ngày hẹn trả ≥ T: hẹn trả đúng ngày T là còn hạn, metrics.md "Open overdue at E") và ngày hẹn trả
-- không sau ngày làm việc thứ n sau T ("within N working days of T", metrics.md "Working days").
-- greatest(t, …): với n = 0 và T là ngày nghỉ, wd_add trả về ngày làm việc trước T; hạn đúng ngày T
-- vẫn là "đến hạn hôm nay".
CREATE OR REPLACE MACRO is_due_soon_at(DOSSIER, T, N) AS (
    is_open_at(dossier, t)
    AND dossier.ngay_hen_tra_d >= t
    AND dossier.ngay_hen_tra_d <= greatest(t, wd_add(t, n))
);
