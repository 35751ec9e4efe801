-- Orphan payments: known at D but their dossier is not among the dossiers known at D.
-- Quarantined, not counted; they load at a later build once the dossier has arrived.
WITH cur AS (
    SELECT t.*
    FROM stg_thanhtoan AS t, run_params AS r
    WHERE t.ma_giao_dich IS NOT NULL AND t.thoi_diem IS NOT NULL
      AND CAST(t.thoi_diem AS DATE) <= r.as_of
    QUALIFY row_number() OVER (
        PARTITION BY t.ma_giao_dich ORDER BY t._landed_seq DESC, t._row DESC, t._file_id DESC) = 1
)
SELECT t.ma_giao_dich, t.ma_ho_so, t.thoi_diem, t._file_id, t._row, t._landed_seq,
       'hồ sơ ' || coalesce(t.ma_ho_so, '(trống)') || ' chưa có trong dữ liệu hồ sơ' AS ly_do
FROM cur AS t
WHERE NOT EXISTS (SELECT 1 FROM fct_dossier AS d WHERE d.ma_ho_so = t.ma_ho_so)
