-- Các bước xử lý hiện hành tại ngày chốt D: bỏ các bước có ngày(thoi_diem) > D; với mỗi
-- (ma_ho_so, buoc), dòng của tệp nạp sau cùng thắng (rồi số dòng lớn nhất).
-- is_transfer: bước "Chuyển xử lý" có don_vi_gui ≠ don_vi_nhan, cả hai đều có giá trị (thiếu một
-- trong hai thì không xác định được là chuyển giữa hai đơn vị → không tính là bước chuyển).
-- (xếp hạng trên các cột khóa kèm rowid rồi lấy dòng thắng: không sắp xếp cả dòng rộng)
WITH p AS (SELECT as_of FROM run_params),

win AS (
    SELECT s.rowid AS rid
    FROM stg_tientrinh AS s, p
    WHERE s.thoi_diem IS null OR CAST(s.thoi_diem AS DATE) <= p.as_of
    QUALIFY row_number() OVER (
        PARTITION BY s.ma_ho_so, s.buoc
        ORDER BY s._landed_seq DESC, s._row DESC NULLS LAST
    ) = 1
)

SELECT
    s.*,
    CAST(s.thoi_diem AS DATE) AS thoi_diem_d,
    coalesce(s.hanh_dong = 'chuyen_xu_ly' AND s.don_vi_gui <> s.don_vi_nhan, false) AS is_transfer,
    coalesce(s.hinh_thuc_chuyen, 'dien_tu') = 'dien_tu' AS is_electronic
FROM stg_tientrinh AS s SEMI JOIN win ON s.rowid = win.rid
