-- Satisfaction evaluations known at D (thoi_diem on or before D), current version per
-- ma_danh_gia (the file landed last wins), whose dossier is known at D (in fct_dossier);
-- those whose dossier is unknown are orphans (orphan_danhgia): quarantined, not counted, and
-- examined again at every build (they load once their dossier arrives).
-- The evaluation takes the dossier's agency, level, procedure and field.
SELECT
    e.ma_danh_gia,
    e.ma_ho_so,
    e.thoi_diem,
    CAST(e.thoi_diem AS DATE) AS ngay_danh_gia,
    e.kenh_danh_gia,
    e.muc_do_hai_long,
    d.ma_don_vi,
    d.level,
    d.ma_tthc,
    d.ten_linh_vuc,
    lower(nfc_normalize(trim(d.ten_linh_vuc))) AS ten_linh_vuc_norm,
    e._file_id,
    e._row,
    e._landed_seq
FROM cur_danhgia AS e
INNER JOIN fct_dossier AS d ON e.ma_ho_so = d.ma_ho_so
