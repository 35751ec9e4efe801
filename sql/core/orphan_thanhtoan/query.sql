-- Orphan payments: known at D but their dossier is not among the dossiers known at D.
-- Quarantined, not counted; they load at a later build once the dossier has arrived.
SELECT
    t.ma_giao_dich,
    t.ma_ho_so,
    t.thoi_diem,
    t._file_id,
    t._row,
    t._landed_seq,
    'hồ sơ ' || coalesce(t.ma_ho_so, '(trống)') || ' chưa có trong dữ liệu hồ sơ' AS ly_do
FROM cur_thanhtoan AS t
WHERE NOT EXISTS (
    SELECT 1 FROM fct_dossier AS d
    WHERE d.ma_ho_so = t.ma_ho_so
)
