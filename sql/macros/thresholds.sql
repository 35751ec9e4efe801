-- meets_threshold(value, threshold, direction): giá trị có đạt ngưỡng của mục tiêu không
-- (docs/plan-format.md, khóa `direction`). direction 'at_most' (tối đa): đạt khi value ≤ threshold; mọi
-- hướng khác (at_least, mặc định): đạt khi value ≥ threshold. Sai số 1e-9 để một tỷ lệ tính bằng
-- số thực đúng bằng ngưỡng (0,95 = 19/20) không thành "chưa đạt". NULL khi value hoặc threshold
-- là NULL: không có ngưỡng, không có dữ liệu thì không phán xét.
-- Dùng ở plan_scorecard_t (trạng thái đạt/chưa đạt) và plan_undelivered_units (đơn vị chưa
-- giao đủ số lượng). Kiểm tra plan_scorecard_t cố ý tự tính lại, không dùng macro này.
CREATE OR REPLACE MACRO meets_threshold(VALUE, THRESHOLD, DIRECTION) AS (
    CASE WHEN direction = 'at_most' THEN value <= threshold + 1e-9 ELSE value >= threshold - 1e-9 END
);
