-- check: ind_2_2_negative_duration severity=warn title="Chỉ số 2.2: hồ sơ có thời gian giải quyết âm"
-- Hồ sơ có thời điểm kết thúc trước thời điểm tiếp nhận: thời gian giải quyết âm.
SELECT period_id, record_key, value_double FROM ind_2_2 WHERE value_double < 0
