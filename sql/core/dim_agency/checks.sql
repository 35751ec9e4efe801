-- check: agency_level_known severity=warn
-- Đơn vị có cấp trống hoặc ngoài danh mục (tinh, huyen, xa, tw): hồ sơ của đơn vị này không vào được cấp nào.
SELECT ma_don_vi, ten_don_vi, level FROM dim_agency
WHERE level IS NULL OR level NOT IN ('tinh', 'huyen', 'xa', 'tw')
