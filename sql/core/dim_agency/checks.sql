-- check: agency_level_known severity=warn title="Đơn vị có cấp hợp lệ"
-- Đơn vị có cấp trống hoặc ngoài danh mục cấp của đơn vị (dim_level, is_unit_level: tinh, huyen, xa, tw): hồ sơ của đơn vị này không vào được cấp nào.
SELECT
    dim_agency.ma_don_vi,
    dim_agency.ten_don_vi,
    dim_agency.level
FROM dim_agency
WHERE
    dim_agency.level IS NULL
    OR dim_agency.level NOT IN (SELECT dim_level.level FROM dim_level WHERE dim_level.is_unit_level)
