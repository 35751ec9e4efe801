-- Orphan payments: known at D but their dossier is not among the dossiers known at D.
-- Quarantined, not counted; they load at a later build once the dossier has arrived.
SELECT
    payment.ma_giao_dich,
    payment.ma_ho_so,
    payment.thoi_diem,
    payment._file_id,
    payment._row,
    payment._landed_seq,
    'hồ sơ ' || coalesce(payment.ma_ho_so, '(trống)') || ' chưa có trong dữ liệu hồ sơ' AS ly_do
FROM cur_thanhtoan AS payment
WHERE NOT EXISTS (
    SELECT 1 FROM fct_dossier AS dossier
    WHERE dossier.ma_ho_so = payment.ma_ho_so
)
