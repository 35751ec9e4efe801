-- Satisfaction evaluations known at D (thoi_diem on or before D), current version per
-- ma_danh_gia (the file landed last wins), whose dossier is known at D (in fct_dossier);
-- those whose dossier is unknown are orphans (orphan_danhgia): quarantined, not counted, and
-- examined again at every build (they load once their dossier arrives).
-- The evaluation takes the dossier's agency, level, procedure and field.
SELECT
    evaluation.ma_danh_gia,
    evaluation.ma_ho_so,
    evaluation.thoi_diem,
    CAST(evaluation.thoi_diem AS DATE) AS ngay_danh_gia,
    evaluation.kenh_danh_gia,
    evaluation.muc_do_hai_long,
    dossier.ma_don_vi,
    dossier.level,
    dossier.ma_tthc,
    dossier.ten_linh_vuc,
    lower(nfc_normalize(trim(dossier.ten_linh_vuc))) AS ten_linh_vuc_norm,
    evaluation._file_id,
    evaluation._row,
    evaluation._landed_seq
FROM cur_danhgia AS evaluation
INNER JOIN fct_dossier AS dossier ON evaluation.ma_ho_so = dossier.ma_ho_so
