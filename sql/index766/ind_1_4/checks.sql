-- check: ind_1_4_sync_as_of_d severity=warn title="Chỉ số 1.4: đồng bộ tính theo trạng thái tại ngày chốt"
-- Tỷ lệ đồng bộ tính theo trạng thái tại ngày chốt (tệp không có cột Ngày đồng bộ DVCQG): số của kỳ đã qua có thể gồm cả lần đồng bộ sau kỳ.
SELECT period_id, count(*) AS so_ho_so FROM ind_1_4
WHERE list_contains(flags, 'as_of_D')
GROUP BY period_id ORDER BY period_id
