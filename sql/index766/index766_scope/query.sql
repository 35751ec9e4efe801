-- Các dòng tổng hợp của Bộ chỉ số QĐ 766 và các đơn vị được đánh giá mỗi dòng gồm
-- (docs/index-766.md §4): từng đơn vị (cấp của nó); từng cấp (mọi đơn vị của cấp); toan_tinh
-- (các cấp tinh, huyen, xa, thêm tw khi include_tw, và các bản ghi không gắn được đơn vị);
-- dia_ban_huyen (UBND huyện và các xã có đơn vị cấp trên là huyện đó); khong_gan_don_vi (bản ghi
-- không gắn được đơn vị, chỉ để phân bổ điểm mất của tỉnh ở index766_loss).
-- member_ma_don_vi trống = các bản ghi không gắn được đơn vị.
WITH include_tw AS (
    SELECT coalesce(max(value) = 'true', false) AS yes FROM index766_settings
    WHERE key = 'include_tw'
),

-- a Trung tâm Phục vụ hành chính công is a unit only when records were attributed to it
-- (don_vi_tiep_nhan_thay): it receives for the sở, which are evaluated
unit_with_records AS (
    SELECT DISTINCT ma_don_vi FROM index766_facts
),

evaluated_unit AS (
    SELECT DISTINCT
        eval_unit.eval_ma_don_vi AS ma_don_vi,
        eval_unit.eval_level AS level,
        agency.ma_don_vi_cha
    FROM eval_unit
    INNER JOIN dim_agency AS agency ON eval_unit.eval_ma_don_vi = agency.ma_don_vi
    INNER JOIN eval_unit AS evaluated ON eval_unit.eval_ma_don_vi = evaluated.ma_don_vi
    LEFT JOIN unit_with_records ON eval_unit.eval_ma_don_vi = unit_with_records.ma_don_vi
    WHERE
        eval_unit.eval_level IS NOT null
        AND (NOT evaluated.is_service_centre OR unit_with_records.ma_don_vi IS NOT null)
),

unit_rows AS (
    SELECT
        level,
        ma_don_vi,
        ma_don_vi AS member_ma_don_vi
    FROM evaluated_unit
),

level_rows AS (
    SELECT
        level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        ma_don_vi AS member_ma_don_vi
    FROM evaluated_unit
),

province_rows AS (
    SELECT
        'toan_tinh' AS level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        evaluated_unit.ma_don_vi AS member_ma_don_vi
    FROM evaluated_unit, include_tw
    WHERE evaluated_unit.level IN ('tinh', 'huyen', 'xa') OR (evaluated_unit.level = 'tw' AND include_tw.yes)
    UNION ALL
    SELECT
        'toan_tinh' AS level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        CAST(null AS VARCHAR) AS member_ma_don_vi
),

district_area_rows AS (
    SELECT
        'dia_ban_huyen' AS level,
        district.ma_don_vi,
        district.ma_don_vi AS member_ma_don_vi
    FROM evaluated_unit AS district
    WHERE district.level = 'huyen'
    UNION ALL
    SELECT
        'dia_ban_huyen' AS level,
        district.ma_don_vi,
        commune.ma_don_vi AS member_ma_don_vi
    FROM evaluated_unit AS district
    INNER JOIN evaluated_unit AS commune ON district.ma_don_vi = commune.ma_don_vi_cha
    WHERE district.level = 'huyen' AND commune.level = 'xa'
),

unattributed_rows AS (
    SELECT
        'khong_gan_don_vi' AS level,
        CAST(null AS VARCHAR) AS ma_don_vi,
        CAST(null AS VARCHAR) AS member_ma_don_vi
)

SELECT * FROM unit_rows
UNION ALL
SELECT * FROM level_rows
UNION ALL
SELECT * FROM province_rows
UNION ALL
SELECT * FROM district_area_rows
UNION ALL
SELECT * FROM unattributed_rows
