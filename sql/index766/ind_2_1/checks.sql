-- check: ind_2_1_on_time_known severity=fail title="Chỉ số 2.1: hồ sơ chưa xác định được đúng hạn hay quá hạn"
-- Mỗi hồ sơ của mẫu số 2.1 phải xác định được đúng hạn hay quá hạn.
SELECT period_id, record_key FROM ind_2_1 WHERE is_favourable IS NULL
