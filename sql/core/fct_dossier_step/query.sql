-- Các bước xử lý hiện hành tại ngày chốt D: bỏ các bước có ngày(thoi_diem) > D; với mỗi
-- (ma_ho_so, buoc), dòng của tệp nạp sau cùng thắng (rồi số dòng lớn nhất).
-- is_transfer: bước "Chuyển xử lý" có don_vi_gui ≠ don_vi_nhan, cả hai đều có giá trị (thiếu một
-- trong hai thì không xác định được là chuyển giữa hai đơn vị → không tính là bước chuyển).
-- is_electronic: hinh_thuc_chuyen = dien_tu; ô trống = Điện tử là quy tắc của phần mềm nguồn
-- (exports.md, TIENTRINH: "empty = Điện tử"), chỉ áp dụng cho tệp CÓ cột này: bước đến từ tệp
-- không có cột (vd. khóa DVCQG) có is_electronic trống — không mặc định nào thay cho cột vắng
-- (metrics.md, "Required columns"; file_columns).
-- (xếp hạng trên các cột khóa kèm rowid rồi lấy dòng thắng: không sắp xếp cả dòng rộng)
WITH run_date AS (SELECT as_of FROM run_params),

files_without_form AS (
    SELECT file_id FROM file_columns
    WHERE entity = 'tientrinh' AND column_name = 'hinh_thuc_chuyen' AND NOT carried
),

latest_step AS (
    SELECT step.rowid AS rid
    FROM stg_tientrinh AS step, run_date
    WHERE step.thoi_diem IS null OR CAST(step.thoi_diem AS DATE) <= run_date.as_of
    QUALIFY row_number() OVER (
        PARTITION BY step.ma_ho_so, step.buoc
        ORDER BY step._landed_seq DESC, step._row DESC NULLS LAST
    ) = 1
)

SELECT
    step.*,
    CAST(step.thoi_diem AS DATE) AS thoi_diem_d,
    coalesce(step.hanh_dong = 'chuyen_xu_ly' AND step.don_vi_gui <> step.don_vi_nhan, false) AS is_transfer,
    CASE
        WHEN files_without_form.file_id IS null THEN coalesce(step.hinh_thuc_chuyen, 'dien_tu') = 'dien_tu'
    END AS is_electronic
FROM stg_tientrinh AS step SEMI JOIN latest_step ON step.rowid = latest_step.rid
LEFT JOIN files_without_form ON step._file_id = files_without_form.file_id
