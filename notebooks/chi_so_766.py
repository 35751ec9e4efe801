# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
db_path = "data/curated/motcua.duckdb"
period = ""
as_of = ""
level = "toan_tinh"
ma_don_vi = ""
min_ho_so = 30  # a unit with fewer dossiers (2.1 population) in the period is listed apart, not ranked

# %%
import pandas as pd

from pipelines.reports import charts as C
from pipelines.reports import index766 as I
from pipelines.reports import nb

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
P = ctx.period
tot = I.total(ctx, P)
version = I.version_of(ctx, P)
if tot is None:
    summary = "Chưa có số liệu chỉ số 766 của kỳ này (không có dữ liệu)."
else:
    summary = (
        f"Điểm chỉ số 766 của toàn tỉnh: {I.points_text(tot['points'], tot['points_computed'], 100, tot['max_computed'])}"
        f" (phiên bản {version}). Trang này trình bày điểm theo nhóm và theo tháng, các chỉ số xa điểm tối đa nhất, "
        "các đơn vị làm tỉnh mất nhiều điểm nhất và cần thêm gì, bảng xếp hạng sở, ngành, huyện, xã và đối chiếu với "
        "điểm Cổng DVCQG công bố."
    )
nb.header("Chỉ số 766 (QĐ 766/QĐ-TTg)", summary, ctx)

# %%
nb.h2("Điểm theo nhóm")
g = I.groups(ctx, P)
if len(g):
    g = g.assign(diem=[I.points_text(r.points, r.points_computed, r.max_points, r.max_computed)
                       for r in g.itertuples(index=False)])
    C.html_block(I.html_table(g, {"ten_nhom": "Nhóm", "diem": "Điểm / tối đa"}))
    nb.para("Nhóm có chỉ số thiếu dữ liệu được ghi là điểm trên số điểm tính được (không bao giờ coi là 0 hay tối đa).",
            "note")
else:
    nb.para("Không có dữ liệu.", "note")

# %%
nb.h2("Điểm theo tháng")
m = I.monthly_totals(ctx, ctx.year)
if len(m):
    m = m[m["max_computed"] > 0].copy()
    m["value"] = m["points_computed"] / m["max_computed"]
    m["thang"] = [nb.month_start(p) for p in m["period"]]
    tot_m = m.groupby(["period", "thang"], as_index=False)[["points_computed", "max_computed"]].sum()
    tot_m = tot_m.assign(value=tot_m["points_computed"] / tot_m["max_computed"], ten_nhom="Tổng")
    plot = pd.concat([tot_m[["thang", "value", "ten_nhom"]], m[["thang", "value", "ten_nhom"]]])
    C.show(C.trend_chart(plot, series_col="ten_nhom", title="Tỷ lệ điểm đạt được theo tháng"),
           "Điểm đạt được chia cho điểm tối đa tính được, của cả chỉ số (Tổng) và của từng nhóm, theo tháng; "
           "mỗi nhóm một hình dạng và nét vẽ.")
    disp = tot_m.assign(thang=[C.fmt_period(p) for p in tot_m["period"]],
                        diem=[f"{I.fmt_points(a)}/{C.fmt_num(b)}" for a, b in zip(tot_m["points_computed"], tot_m["max_computed"])])
    C.show_table(disp[["thang", "diem"]], headers={"thang": "Tháng", "diem": "Điểm / tối đa tính được"})
else:
    nb.para("Không có dữ liệu theo tháng.", "note")

# %%
nb.h2("Các chỉ số xa điểm tối đa nhất")
far = I.furthest(ctx, P)
if len(far):
    C.html_block(I.html_table(I.indicator_rows(far), I.INDICATOR_HEADERS, raw={"trang_thai"}))
ind = I.indicators(ctx, P)
if len(ind):
    nb.para("Mọi chỉ số của toàn tỉnh: ✓ đủ điểm, ✗ mất điểm, ○ không phát sinh hoặc không áp dụng, ? thiếu dữ liệu "
            "hoặc chưa xác định (kèm lý do), · chỉ hiển thị (không tính điểm).")
    C.html_block(I.html_table(I.indicator_rows(ind), I.INDICATOR_HEADERS, raw={"trang_thai"}))
else:
    nb.para("Không có dữ liệu.", "note")

# %%
nb.h2("Đơn vị làm tỉnh mất nhiều điểm nhất")
cu = I.costly_units(ctx, P)
if len(cu):
    nb.para("Phần điểm mất của tỉnh chia theo số bản ghi chưa thuận lợi của từng đơn vị (tổng các phần bằng đúng "
            "điểm mất của tỉnh); cột cuối cho biết đơn vị cần thêm gì ở chỉ số làm mất nhiều nhất.")
    cu = cu.assign(diem=[I.fmt_points(x) for x in cu["diem_tinh_mat"]])
    C.html_block(I.html_table(cu, {"ten_don_vi": "Đơn vị", "diem": "Điểm tỉnh mất", "can_them": "Cần thêm"}))
else:
    nb.para("Tỉnh không mất điểm ở chỉ số nào tính được, hoặc không có dữ liệu.", "note")

# %%
nb.h2("Xếp hạng sở, ngành, huyện, xã")
ranked, few = I.ranking(ctx, P, int(min_ho_so))
if len(ranked):
    nb.para(f"Xếp theo điểm đạt được trên điểm tối đa tính được; chỉ xếp đơn vị có ít nhất {C.fmt_int(min_ho_so)} hồ sơ "
            "(hồ sơ xử lý trong kỳ, chỉ số 2.1).")
    C.html_block(I.html_table(ranked.assign(cap=[C.level_vi(x) for x in ranked["level"]], n=[C.fmt_int(x) for x in ranked["so_ho_so"]]),
                              {"hang": "Hạng", "ten_don_vi": "Đơn vị", "cap": "Cấp", "diem": "Điểm", "n": "Số hồ sơ"}))
if len(few):
    nb.para(f"Đơn vị có dưới {C.fmt_int(min_ho_so)} hồ sơ (không xếp hạng):")
    C.html_block(I.html_table(few.assign(cap=[C.level_vi(x) for x in few["level"]], n=[C.fmt_int(x) for x in few["so_ho_so"]]),
                              {"ten_don_vi": "Đơn vị", "cap": "Cấp", "diem": "Điểm", "n": "Số hồ sơ"}))
if not len(ranked) and not len(few):
    nb.para("Không có dữ liệu.", "note")

# %%
nb.h2("Đối chiếu với điểm Cổng DVCQG công bố")
rec = I.reconciliation(ctx)
if len(rec):
    disp = rec.assign(
        ky=[I.period_label(p, k) for p, k in zip(rec["period"], rec["ky"])],
        ours=[I.fmt_points(x) for x in rec["diem_motcua"]],
        portal=[I.fmt_points(x) for x in rec["diem_cong"]],
        diff=[I.fmt_points(x) for x in rec["chenh_lech"]],
    )
    C.html_block(I.html_table(disp, {"ten_don_vi": "Đơn vị", "ky": "Kỳ", "ma_muc": "Chỉ số / nhóm", "ours": "motcua",
                                     "portal": "Cổng DVCQG", "diff": "Chênh lệch", "giai_thich": "Giải thích"}))
    C.show(I.reconciliation_chart(rec), "Điểm motcua tính (tròn) và điểm Cổng DVCQG công bố (tam giác) cho từng dòng.")
else:
    nb.para("Chưa nạp điểm Cổng DVCQG công bố (tệp DIEM766, không bắt buộc): không có gì để đối chiếu.", "note")

# %%
cat = ctx.q("SELECT metric_id FROM index766_indicator_catalog ORDER BY indicator_id")
nb.readme(ctx, list(cat["metric_id"]) if len(cat) else [], ["index766_total", "index766_group", "index766_indicator", "index766_loss", "metric_data_gaps",
                    "index766_reconciliation", "dim_agency"],
          "Chỉ số theo QĐ 766/QĐ-TTg tính trực tiếp trên hồ sơ, TTHC, PAKN của mọi đơn vị (không lấy trung bình điểm "
          "đơn vị), theo định nghĩa chỉ số 766 của dự án (trang Định nghĩa chỉ số). Điểm hiển thị 2 chữ số thập phân. Số cần thêm để đạt ngưỡng là số bản ghi "
          "chưa thuận lợi ít nhất phải chuyển thành thuận lợi, giữ nguyên mẫu số.")

ctx.close()
