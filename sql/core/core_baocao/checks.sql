-- check: report_period_unreadable severity=warn
-- Dòng báo cáo định kỳ có kỳ báo cáo không đọc được (không phải Quý I–IV/năm, 6 tháng/năm, 9 tháng/năm, Năm ...): không được tính vào chỉ số.
SELECT s.ma_don_vi, s.ky_bao_cao, s._file_id, s._row
FROM stg_baocao AS s
WHERE s.ma_don_vi IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM core_baocao AS b
                  WHERE b.ma_don_vi = s.ma_don_vi AND b.ky_bao_cao = s.ky_bao_cao)
