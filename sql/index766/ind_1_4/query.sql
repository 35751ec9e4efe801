-- 1.4 Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG, cách đọc 2022 (docs/index-766.md §3): mẫu số = hồ sơ
-- tiếp nhận trong kỳ; tử số = những hồ sơ đã đồng bộ tại E (ngày đồng bộ ≤ E; tệp không có cột
-- ngày đồng bộ: trạng thái đồng bộ tại D, cờ as_of_D). Không dùng số năm trước khi mẫu số 0
-- (§8 A12): phần mềm nguồn là mẫu số, 0 là không phát sinh.
SELECT
    '1.4' AS indicator_id,
    period_id,
    eval_ma_don_vi AS ma_don_vi,
    ma_ho_so AS record_key,
    true AS in_denominator,
    synced_at_e AS is_favourable,
    flags
FROM dossier_766_period
WHERE is_received_in_p
