-- Mọi dòng baocao đã nạp (mọi phiên bản), bỏ các dòng trùng y hệt: macro distinct_versions
-- (sql/macros/staging.sql; tệp nạp sau cùng giữ dấu vết của một nội dung được gửi lại).
SELECT * FROM distinct_versions(raw_baocao)
