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
level = "huyen"
ma_don_vi = ""

# %%
import pandas as pd

from pipelines.reports import charts as C
from pipelines.reports import nb

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
ag = ctx.agencies()
if not ctx.ma_don_vi and len(ag):
    first = ag[ag["level"] == (level or "huyen")]
    ctx.ma_don_vi = (first if len(first) else ag).iloc[0]["ma_don_vi"]
me = ag[ag["ma_don_vi"] == ctx.ma_don_vi]
name = me.iloc[0]["ten_don_vi"] if len(me) else ctx.ma_don_vi
unit_level = me.iloc[0]["level"] if len(me) else level
children = ag[ag["ma_don_vi_cha"] == ctx.ma_don_vi]
sc = ctx.scorecard(ma_don_vi=ctx.ma_don_vi)
kids_sc = ctx.q("""
    SELECT s.target_id, s.ma_don_vi, coalesce(a.ten_don_vi, s.ma_don_vi) AS ten_don_vi, s.group_key,
           s.numerator, s.denominator, s.value, s.threshold, s.status
    FROM plan_scorecard s JOIN dim_agency a ON a.ma_don_vi = s.ma_don_vi
    WHERE s.period = ? AND a.ma_don_vi_cha = ?""", [ctx.period, ctx.ma_don_vi])
kind = "xã, phường, thị trấn" if unit_level == "huyen" else "đơn vị trực thuộc"
nb.header(f"{name}",
          nb.summary_sentence(sc, ctx, f"chỉ tiêu của {name}") +
          f" Trang này là bảng chỉ tiêu của riêng {name} (mã {ctx.ma_don_vi}, {C.level_vi(unit_level).lower()}) "
          f"và xếp hạng {C.fmt_int(len(children))} {kind} trực thuộc theo số chỉ tiêu chưa đạt.", ctx)

# %%
nb.h2("Bảng chỉ tiêu của đơn vị")
if len(sc):
    C.show_table(nb.scorecard_table(sc))
    plot = sc[(sc["kind"] == "ratio") & sc["threshold"].notna() & sc["value"].notna()].copy()
    if len(plot):
        plot["nhan"] = [r.target_id + (f" [{r.group_key}]" if isinstance(r.group_key, str) else "") for r in plot.itertuples(index=False)]
        plot["trang_thai"] = [C.status_vi(s) for s in plot["status"]]
        plot["value"] = plot["value"].astype(float)
        C.show(C.scorecard_chart(plot, title=f"{name}: giá trị so với ngưỡng"),
               "Mỗi điểm là giá trị của một chỉ tiêu tại đơn vị (hình dạng và ✓/✗ cho biết trạng thái), vạch đen là ngưỡng.")
else:
    nb.para("Đơn vị chưa có số liệu chỉ tiêu trong kỳ.", "note")

# %%
nb.h2(f"Xếp hạng {kind}")
if len(kids_sc):
    k = kids_sc[kids_sc["status"].isin(["dat", "chua_dat"])]
    rank = k.groupby(["ma_don_vi", "ten_don_vi"]).agg(
        so_chi_tieu=("status", "size"), chua_dat=("status", lambda s: int((s == "chua_dat").sum()))).reset_index()
    rank["ty_le_dat"] = 1 - rank["chua_dat"] / rank["so_chi_tieu"]
    rank = rank.sort_values(["ty_le_dat", "so_chi_tieu"], ascending=[True, False])
    if len(rank):
        C.show(C.ranking_chart(rank, "ten_don_vi", "ty_le_dat", threshold=1.0, n_col="so_chi_tieu",
                               title="Tỷ lệ chỉ tiêu đạt của từng đơn vị"),
               "Mỗi thanh là tỷ lệ chỉ tiêu có ngưỡng mà đơn vị đã đạt (n = số chỉ tiêu có dữ liệu); đơn vị yếu nhất ở trên cùng.")
    wide = kids_sc[kids_sc["threshold"].notna()].copy()
    wide["o"] = [C.fmt_pct(v) + " " + C.STATUS_MARK.get(C.status_vi(s), "") for v, s in zip(wide["value"], wide["status"])]
    wide["ct"] = wide["target_id"] + [("" if pd.isna(g) or g == t else f" [{g}]") for g, t in zip(wide["group_key"], wide["target_id"])]
    t = wide.pivot_table(index="ten_don_vi", columns="ct", values="o", aggfunc="first")
    t = t.reindex([x for x in rank["ten_don_vi"] if x in t.index] + [x for x in t.index if x not in set(rank["ten_don_vi"])])
    C.show_table(t.reset_index().rename(columns={"ten_don_vi": "Đơn vị"}).fillna(""))
else:
    nb.para(f"Không có {kind} trực thuộc có số liệu chỉ tiêu.", "note")

# %%
nb.h2("Diễn biến theo tháng")
main = sc[(sc["kind"] == "ratio") & sc["group_key"].isna()] if len(sc) else sc
rows = []
for r in main.itertuples(index=False):
    m = ctx.monthly(r.metric_id, ma_don_vi=ctx.ma_don_vi)
    for x in (m[m["value"].notna()].itertuples(index=False) if len(m) else []):
        rows.append({"Mã": r.target_id, "thang": x.period, "value": x.value})
if rows:
    w = pd.DataFrame(rows).pivot_table(index="Mã", columns="thang", values="value", aggfunc="first")
    disp = pd.DataFrame({"Mã": w.index})
    for c in w.columns:
        disp[C.fmt_period(c).replace("Tháng ", "T")] = [C.fmt_pct(v) for v in w[c]]
    nb.para("Giá trị của đơn vị theo từng tháng.")
    C.show_table(disp)
else:
    nb.para("Chưa có số liệu theo tháng của đơn vị.", "note")

# %%
nb.readme(ctx, list(sc["metric_id"].unique()) if len(sc) else [],
          ["plan_scorecard", "plan_targets", "metric_values", "dim_metric", "dim_agency"],
          "Số liệu của đơn vị là các hồ sơ, đánh giá, báo cáo mà đơn vị tiếp nhận hoặc thực hiện; ngưỡng là ngưỡng "
          "của cấp đơn vị. Đơn vị trực thuộc là các đơn vị có mã đơn vị cha là đơn vị này trong danh mục đơn vị.")

ctx.close()

# %%
# the unit's QĐ 766 card (pipelines/reports/index766.py): its score, groups, the indicators it loses
from pipelines.reports import index766 as _i766  # noqa: E402

_c766 = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
C.html_block(_i766.unit_card_html(_c766, ctx.ma_don_vi))
_c766.close()
