-- Những gì của một hồ sơ không phụ thuộc ngày cuối kỳ E (QĐ 766, docs/index-766.md §2), tại D:
-- đơn vị được đánh giá, tiếp nhận, mốc kết thúc (bước kết thúc đầu tiên), đồng bộ DVCQG.
-- Đơn vị được đánh giá = eval_unit(coalesce(ma_co_quan_thuc_hien, X)); X = ma_don_vi, trừ khi
-- ma_don_vi là Trung tâm Phục vụ hành chính công: khi đó X = don_vi_nhan của bước "Chuyển xử lý"
-- đầu tiên (đơn vị đã biết), không có thì chính Trung tâm (cờ don_vi_tiep_nhan_thay): Trung tâm
-- tiếp nhận thay sở, điểm là của sở thực hiện.
-- Mốc kết thúc (ket_thuc_766 khi hồ sơ đã kết thúc): bước đầu tiên có trạng thái 9; không có thì
-- 10; không có thì 8, 7 hoặc 3. Không có bước nào như thế: ngay_ket_thuc_xu_ly khi trạng thái 9/10,
-- ngày rút/dừng (fct_dossier.ngay_rut_dung) khi 7/8.
-- Đồng bộ: ngay_dong_bo_dvcqg khi tệp của hồ sơ có cột này (trống = chưa bao giờ); tệp không có
-- cột: da_dong_bo_dvcqg, là trạng thái tại D (cờ as_of_D, §8 A16).
WITH files_without_sync_date AS (
    SELECT file_id FROM file_columns
    WHERE entity = 'hoso' AND column_name = 'ngay_dong_bo_dvcqg' AND NOT carried
),

first_known_transfer AS (
    SELECT
        step.ma_ho_so,
        arg_min(step.don_vi_nhan, (step.thoi_diem, step.buoc)) AS don_vi_nhan
    FROM fct_dossier_step AS step
    INNER JOIN eval_unit AS receiver_unit ON step.don_vi_nhan = receiver_unit.ma_don_vi
    WHERE step.hanh_dong = 'chuyen_xu_ly' AND receiver_unit.eval_ma_don_vi IS NOT null
    GROUP BY step.ma_ho_so
),

terminal_step AS (
    SELECT
        ma_ho_so,
        coalesce(
            min(thoi_diem) FILTER (WHERE trang_thai = 9),
            min(thoi_diem) FILTER (WHERE trang_thai = 10),
            min(thoi_diem) FILTER (WHERE trang_thai IN (3, 7, 8))
        ) AS terminal_at,
        CASE
            WHEN count(*) FILTER (WHERE trang_thai = 9) > 0 THEN 'buoc_9'
            WHEN count(*) FILTER (WHERE trang_thai = 10) > 0 THEN 'buoc_10'
            WHEN count(*) FILTER (WHERE trang_thai IN (3, 7, 8)) > 0 THEN 'buoc_dung_rut'
        END AS terminal_source
    FROM fct_dossier_step
    WHERE thoi_diem IS NOT null
    GROUP BY ma_ho_so
),

attributed AS (
    SELECT
        dossier.ma_ho_so,
        dossier.ma_don_vi,
        dossier.ma_co_quan_thuc_hien,
        dossier.ma_tthc,
        dossier.kenh_nop,
        dossier.ngay_tiep_nhan,
        dossier.ngay_tiep_nhan_d,
        dossier.is_received,
        dossier.ngay_hen_tra_d,
        dossier.trang_thai,
        dossier.ngay_dong_bo_dvcqg,
        dossier.da_dong_bo_dvcqg,
        files_without_sync_date.file_id IS NOT null AS sync_date_absent,
        performing_unit.eval_ma_don_vi AS performing_eval_unit,
        receiving_unit.is_service_centre AS received_at_centre,
        transfer_unit.eval_ma_don_vi AS transfer_eval_unit,
        receiving_unit.eval_ma_don_vi AS receiving_eval_unit,
        coalesce(
            terminal_step.terminal_at,
            CASE
                WHEN dossier.trang_thai IN (9, 10) THEN dossier.ngay_ket_thuc_xu_ly
                WHEN dossier.trang_thai IN (7, 8) THEN dossier.ngay_rut_dung
            END
        ) AS terminal_at,
        coalesce(
            terminal_step.terminal_source,
            CASE
                WHEN dossier.trang_thai IN (9, 10) AND dossier.ngay_ket_thuc_xu_ly IS NOT null
                    THEN 'ngay_ket_thuc_xu_ly'
                WHEN dossier.trang_thai IN (7, 8) AND dossier.ngay_rut_dung IS NOT null THEN 'ngay_rut_dung'
            END
        ) AS terminal_source
    FROM fct_dossier AS dossier
    LEFT JOIN eval_unit AS performing_unit ON dossier.ma_co_quan_thuc_hien = performing_unit.ma_don_vi
    LEFT JOIN eval_unit AS receiving_unit ON dossier.ma_don_vi = receiving_unit.ma_don_vi
    LEFT JOIN first_known_transfer ON dossier.ma_ho_so = first_known_transfer.ma_ho_so
    LEFT JOIN eval_unit AS transfer_unit ON first_known_transfer.don_vi_nhan = transfer_unit.ma_don_vi
    LEFT JOIN terminal_step ON dossier.ma_ho_so = terminal_step.ma_ho_so
    LEFT JOIN files_without_sync_date ON dossier._file_id = files_without_sync_date.file_id
)

SELECT
    attributed.ma_ho_so,
    attributed.ma_don_vi,
    attributed.ma_co_quan_thuc_hien,
    attributed.ma_tthc,
    attributed.kenh_nop,
    CASE
        WHEN attributed.performing_eval_unit IS NOT null THEN attributed.performing_eval_unit
        WHEN attributed.received_at_centre THEN coalesce(attributed.transfer_eval_unit, attributed.receiving_eval_unit)
        ELSE attributed.receiving_eval_unit
    END AS eval_ma_don_vi,
    CASE
        WHEN attributed.performing_eval_unit IS NOT null THEN 'co_quan_thuc_hien'
        WHEN attributed.received_at_centre AND attributed.transfer_eval_unit IS NOT null THEN 'chuyen_xu_ly_dau_tien'
        WHEN attributed.received_at_centre THEN 'trung_tam_tiep_nhan'
        ELSE 'don_vi_tiep_nhan'
    END AS attribution_source,
    CASE
        WHEN
            attributed.performing_eval_unit IS null
            AND attributed.received_at_centre
            AND attributed.transfer_eval_unit IS null
            THEN ['don_vi_tiep_nhan_thay']
        ELSE CAST([] AS VARCHAR[])
    END AS attribution_flags,
    attributed.ngay_tiep_nhan,
    attributed.ngay_tiep_nhan_d,
    attributed.is_received,
    attributed.ngay_hen_tra_d,
    attributed.trang_thai,
    attributed.terminal_at,
    CAST(attributed.terminal_at AS DATE) AS terminal_d,
    attributed.terminal_source,
    CASE WHEN attributed.sync_date_absent THEN null ELSE attributed.ngay_dong_bo_dvcqg END AS ngay_dong_bo_dvcqg,
    attributed.sync_date_absent,
    attributed.da_dong_bo_dvcqg
FROM attributed
