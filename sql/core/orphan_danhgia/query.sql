-- Orphan evaluations: known at D (current version, thoi_diem <= D) but their dossier
-- (ma_ho_so) is not among the dossiers known at D. Quarantined, not counted; the flow reports
-- them (file, row) and they load at a later build once the dossier has arrived.
SELECT
    evaluation.ma_danh_gia,
    evaluation.ma_ho_so,
    evaluation.thoi_diem,
    evaluation._file_id,
    evaluation._row,
    evaluation._landed_seq,
    'hồ sơ ' || coalesce(evaluation.ma_ho_so, '(trống)') || ' chưa có trong dữ liệu hồ sơ' AS ly_do
FROM cur_danhgia AS evaluation
WHERE NOT EXISTS (
    SELECT 1 FROM fct_dossier AS dossier
    WHERE dossier.ma_ho_so = evaluation.ma_ho_so
)
