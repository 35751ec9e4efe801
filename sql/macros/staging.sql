-- Khử trùng lặp ở tầng staging: một định nghĩa cho mọi sql/staging/stg_<entity>/query.sql.
--
-- distinct_versions(loaded_rows): loaded_rows là tên một bảng hoặc CTE có các cột đã đọc của một
-- thực thể và các cột dấu vết _file_id, _row, _landed_seq (như raw_<entity>). Trả về mỗi nội dung
-- khác nhau (cùng giá trị ở mọi cột trừ dấu vết) một dòng: mọi phiên bản được giữ; trong các bản
-- sao y hệt, giữ dấu vết của lần nạp SAU CÙNG (lớn nhất theo _landed_seq, rồi _row, rồi _file_id),
-- để quy tắc "tệp nạp sau thắng" (exports.md, Updates) vẫn đúng khi một phiên bản cũ được gửi lại.
-- Cột ra theo thứ tự của loaded_rows (dấu vết ở cuối).
--
-- Nhanh: chỉ các dòng có cùng mã băm nội dung mới qua GROUP BY ALL chính xác; dòng có mã băm duy
-- nhất chắc chắn không trùng với dòng nào (các dòng trùng nội dung có cùng mã băm).
-- Phần nạp tăng dần (pipelines/warehouse/incremental.py) chạy lại chính truy vấn staging trên các
-- dòng mới cùng các dòng đã có thể trùng với chúng: kết quả như chạy trên mọi dòng.
CREATE OR REPLACE MACRO distinct_versions(LOADED_ROWS) AS TABLE
    WITH hashed_rows AS (
        SELECT
            *,
            hash(*COLUMNS(* EXCLUDE (_file_id, _row, _landed_seq))) AS content_hash
        FROM query_table(loaded_rows)
    ),

    repeated_hashes AS (
        SELECT content_hash
        FROM hashed_rows
        GROUP BY content_hash
        HAVING count(*) > 1
    )

    SELECT
        * EXCLUDE (content_hash, _file_id, _row, _landed_seq),
        _file_id,
        _row,
        _landed_seq
    FROM hashed_rows
    ANTI JOIN repeated_hashes USING (content_hash)  -- noqa: ST07
    UNION ALL BY NAME
    SELECT
        * EXCLUDE (latest_landing),
        latest_landing._file_id AS _file_id,  -- noqa: AL09
        latest_landing._row AS _row,  -- noqa: AL09
        latest_landing._landed_seq AS _landed_seq  -- noqa: AL09
    FROM (
        SELECT
            * EXCLUDE (_file_id, _row, _landed_seq, content_hash),
            max({ '_landed_seq': _landed_seq, '_row': _row, '_file_id': _file_id }) AS latest_landing
        FROM hashed_rows
        SEMI JOIN repeated_hashes USING (content_hash)  -- noqa: ST07
        GROUP BY ALL
    ) AS latest_copies;
