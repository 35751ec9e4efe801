-- Mọi dòng tientrinh đã nạp (mọi phiên bản), bỏ các dòng trùng y hệt (cùng khóa, cùng nội dung).
-- Khi cùng một nội dung đến nhiều lần, giữ dấu vết (lineage) của lần nạp sau cùng, để quy tắc
-- "tệp nạp sau thắng" (exports.md, Updates) vẫn đúng khi một phiên bản cũ được gửi lại.
-- Nhanh: chỉ các dòng có cùng mã băm nội dung (_h) mới qua GROUP BY ALL chính xác; dòng có mã băm
-- duy nhất chắc chắn không trùng với dòng nào (các dòng trùng nội dung có cùng mã băm).
WITH r AS (
    SELECT *, hash(*COLUMNS(* EXCLUDE (_file_id, _row, _landed_seq))) AS _h
    FROM raw_tientrinh
    WHERE ma_ho_so IS NOT NULL AND buoc IS NOT NULL
),
dup AS (SELECT _h FROM r GROUP BY _h HAVING count(*) > 1)
SELECT * EXCLUDE (_h, _file_id, _row, _landed_seq), _file_id, _row, _landed_seq
FROM r ANTI JOIN dup USING (_h)
UNION ALL BY NAME
SELECT
    * EXCLUDE (_lin),
    _lin._file_id AS _file_id,
    _lin._row AS _row,
    _lin._landed_seq AS _landed_seq
FROM (
    SELECT
        * EXCLUDE (_file_id, _row, _landed_seq, _h),
        max({'_landed_seq': _landed_seq, '_row': _row, '_file_id': _file_id}) AS _lin
    FROM r SEMI JOIN dup USING (_h)
    GROUP BY ALL
)
