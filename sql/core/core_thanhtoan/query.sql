-- Fee payments known at D (thoi_diem on or before D), current version per ma_giao_dich (the
-- file landed last wins), whose dossier is known at D; orphans go to orphan_thanhtoan.
-- The payment takes the dossier's agency, level and procedure (national code).
SELECT
    t.ma_giao_dich,
    t.ma_ho_so,
    t.so_tien,
    t.loai,
    t.hinh_thuc,
    t.thoi_diem,
    CAST(t.thoi_diem AS DATE) AS ngay_thanh_toan,
    t.trang_thai,
    d.ma_don_vi,
    d.level,
    d.ma_tthc,
    t._file_id,
    t._row,
    t._landed_seq
FROM cur_thanhtoan AS t
INNER JOIN fct_dossier AS d ON t.ma_ho_so = d.ma_ho_so
