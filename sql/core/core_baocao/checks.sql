-- check: report_period_unreadable severity=warn title="Kỳ báo cáo định kỳ không đọc được"
-- Dòng báo cáo định kỳ có kỳ báo cáo không đọc được (không phải Quý I–IV/năm, 6 tháng/năm, 9 tháng/năm, Năm ...): không được tính vào chỉ số.
SELECT staged_report.ma_don_vi, staged_report.ky_bao_cao, staged_report._file_id, staged_report._row
FROM stg_baocao AS staged_report
WHERE staged_report.ma_don_vi IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM core_baocao AS read_report
                  WHERE read_report.ma_don_vi = staged_report.ma_don_vi
                    AND read_report.ky_bao_cao = staged_report.ky_bao_cao)
