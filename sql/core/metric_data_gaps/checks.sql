-- check: required_column_missing_in_files severity=warn title="Tệp thiếu cột chỉ số cần"
-- Tệp không có cột mà một chỉ số cần, hoặc để trống cột đó ở hơn 20% bản ghi liên quan (khi ô trống là thiếu dữ liệu): chỉ số không có giá trị ở các kỳ và đơn vị mà các tệp này giao phần lớn bản ghi (metrics.md, "Required columns").
SELECT
    required_column.metric_id,
    required_column.entity || '.' || required_column.column_name AS cot,
    required_column.ten_cot,
    coverage.ten_tep,
    bool_and(NOT coverage.carried) AS tep_khong_co_cot,
    sum(coverage.so_ban_ghi) AS so_ban_ghi,
    sum(coverage.so_ban_ghi_o_trong) AS so_ban_ghi_o_trong
FROM column_coverage AS coverage
INNER JOIN dim_period ON coverage.period = dim_period.period AND dim_period.period_kind = 'year'
INNER JOIN dim_metric_required_column AS required_column
    ON coverage.entity = required_column.entity AND coverage.column_name = required_column.column_name
GROUP BY required_column.metric_id, required_column.entity, required_column.column_name, required_column.ten_cot,
    required_column.o_trong, coverage.file_id, coverage.ten_tep
HAVING sum(coverage.so_ban_ghi_vang_cot) > 0
    OR (required_column.o_trong = 'thieu' AND sum(coverage.so_ban_ghi_o_trong) > 0.2 * sum(coverage.so_ban_ghi))
ORDER BY required_column.metric_id, cot, coverage.ten_tep

-- check: metric_without_value_for_want_of_data severity=warn title="Chỉ số không có giá trị vì thiếu dữ liệu"
-- Chỉ số không có giá trị ở toàn tỉnh trong một kỳ vì thiếu dữ liệu (cột vắng hoặc trống quá 20%): lý do nêu cột và tệp.
SELECT metric_id, period, ly_do_khong_co_du_lieu
FROM metric_data_gaps
WHERE level = 'toan_tinh'
ORDER BY metric_id, period
