-- Mọi dòng donvi đã nạp (mọi phiên bản), bỏ các dòng trùng y hệt (cùng khóa, cùng nội dung).
-- Khi cùng một nội dung đến nhiều lần, giữ dấu vết (lineage) của lần nạp sau cùng, để quy tắc
-- "tệp nạp sau thắng" (exports.md, Updates) vẫn đúng khi một phiên bản cũ được gửi lại.
SELECT
    * EXCLUDE (_lin),
    _lin._file_id AS _file_id,
    _lin._row AS _row,
    _lin._landed_seq AS _landed_seq
FROM (
    SELECT
        * EXCLUDE (_file_id, _row, _landed_seq),
        max({'_landed_seq': _landed_seq, '_row': _row, '_file_id': _file_id}) AS _lin
    FROM raw_donvi
    WHERE ma_don_vi IS NOT NULL
    GROUP BY ALL
)
