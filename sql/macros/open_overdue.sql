-- "Hồ sơ quá hạn đang mở tại ngày E" (metrics.md, "Open overdue at E"): một định nghĩa cho chỉ số
-- apology_coverage_rate, các truy vấn kiểm tra qua_han_khong_xin_loi, qua_han_dang_mo_theo_don_vi
-- và sổ tay tien_do.
--
-- is_open_at(dossier, e): dossier là một dòng của fct_dossier (bí danh của bảng, ví dụ
-- `is_open_at(d, p.effective_end)`), e là ngày E. Đúng khi hồ sơ đã tiếp nhận đến hết ngày E, chưa
-- giải quyết đến hết ngày E và đồng hồ của hồ sơ còn chạy: không ở trạng thái bị từ chối (3), chờ công
-- dân bổ sung (5), rút (7), dừng (8) — trạng thái trống không loại. Phần chung của "quá hạn đang mở"
-- (ở đây) và "sắp đến hạn" (due_soon.sql): hai định nghĩa không thể lệch nhau về "đang mở".
-- DuckDB chỉ đọc các cột được dùng: truyền cả dòng không tốn gì.
CREATE OR REPLACE MACRO is_open_at(DOSSIER, E) AS (
    dossier.is_received
    AND dossier.ngay_tiep_nhan_d <= e
    AND NOT (dossier.is_resolved AND dossier.ngay_ket_thuc_d <= e)
    AND coalesce(dossier.trang_thai NOT IN (3, 5, 7, 8), true)
);

-- is_open_overdue_at(dossier, e): đang mở tại E và ngày hẹn trả trước ngày E.
CREATE OR REPLACE MACRO is_open_overdue_at(DOSSIER, E) AS (
    is_open_at(dossier, e)
    AND dossier.ngay_hen_tra_d < e
);
