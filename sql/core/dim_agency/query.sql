-- Đơn vị hiện hành: với mỗi mã đơn vị, dòng của tệp nạp sau cùng (DONVI không có ngày cập nhật).
SELECT
    ma_don_vi,
    ten_don_vi,
    cap AS level,
    loai,
    ma_don_vi_cha,
    ma_dvhc,
    _file_id,
    _landed_seq
FROM stg_donvi
QUALIFY row_number() OVER (PARTITION BY ma_don_vi ORDER BY _landed_seq DESC, _row DESC NULLS LAST) = 1
