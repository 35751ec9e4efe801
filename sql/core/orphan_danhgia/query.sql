-- Orphan evaluations: known at D (current version, thoi_diem <= D) but their dossier
-- (ma_ho_so) is not among the dossiers known at D. Quarantined, not counted; the flow reports
-- them (file, row) and they load at a later build once the dossier has arrived.
SELECT
    e.ma_danh_gia,
    e.ma_ho_so,
    e.thoi_diem,
    e._file_id,
    e._row,
    e._landed_seq,
    'hồ sơ ' || coalesce(e.ma_ho_so, '(trống)') || ' chưa có trong dữ liệu hồ sơ' AS ly_do
FROM cur_danhgia AS e
WHERE NOT EXISTS (
    SELECT 1 FROM fct_dossier AS d
    WHERE d.ma_ho_so = e.ma_ho_so
)
