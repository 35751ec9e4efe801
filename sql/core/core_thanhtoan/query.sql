-- Fee payments known at D (thoi_diem on or before D), current version per ma_giao_dich (the
-- file landed last wins), whose dossier is known at D; orphans go to orphan_thanhtoan.
-- The payment takes the dossier's agency, level and procedure (national code).
SELECT
    payment.ma_giao_dich,
    payment.ma_ho_so,
    payment.so_tien,
    payment.loai,
    payment.hinh_thuc,
    payment.thoi_diem,
    CAST(payment.thoi_diem AS DATE) AS ngay_thanh_toan,
    payment.trang_thai,
    dossier.ma_don_vi,
    dossier.level,
    dossier.ma_tthc,
    payment._file_id,
    payment._row,
    payment._landed_seq
FROM cur_thanhtoan AS payment
INNER JOIN fct_dossier AS dossier ON payment.ma_ho_so = dossier.ma_ho_so
