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

# %%
# The overview's figures laid out to be printed on 1–2 A4 pages and attached to the monthly
# report: the scorecard (year to date and the as-of month) and the unmet targets. The same rows
# as the Tổng quan page (nb.overview_scorecard), no chart.
import textwrap

import pandas as pd

from pipelines.reports import charts as C
from pipelines.reports import nb

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
sc = nb.overview_scorecard(ctx)
month = f"{ctx.as_of.year}-{ctx.as_of.month:02d}"
counts = nb.status_counts(sc)
nb.header(
    f"Phụ lục báo cáo tháng {ctx.as_of.month:02d}/{ctx.as_of.year}: thực hiện Kế hoạch {nb.plan_decision(ctx)}",
    nb.summary_sentence(sc, ctx) + " Bảng dưới liệt kê mọi chỉ tiêu với giá trị lũy kế từ đầu năm, giá trị "
    f"riêng {C.fmt_period(month).lower()} và trạng thái; tiếp theo là các chỉ tiêu chưa đạt, còn thiếu bao nhiêu "
    "và đơn vị nào có thể bù.",
    ctx,
)
nb.para(
    "Bản in khổ A4 (1–2 trang) của trang Tổng quan; số liệu, ngưỡng và trạng thái giống hệt trang Tổng quan.",
    "note khong-in",
)

# %%
nb.h2("Bảng chỉ tiêu")
if len(sc):
    t = nb.scorecard_table(sc, with_text=False)
    # the as-of month's own value (the target's monthly scorecard row at the same level and group)
    this_month = []
    for r in sc.itertuples(index=False):
        v = None
        if r.kind == "ratio":
            gk = None if pd.isna(r.group_key) else r.group_key
            m = ctx.target_monthly(r.target_id, level=r.level, group_key=gk)
            m = m[m["period"] == month] if len(m) else m
            v = m.iloc[0]["value"] if len(m) else None
        this_month.append(C.fmt_pct(v))
    # one printed line per target: the text shortened, the group without the province level, the
    # status without its reason (the Tổng quan page gives both)
    short = ["" if pd.isna(x) else textwrap.shorten(str(x), 46, placeholder=" …") for x in sc["short_name"]]
    group = [
        " · ".join(x for x in ("" if pd.isna(g) else str(g), "" if lv == "toan_tinh" else C.level_vi(lv)) if x)
        for g, lv in zip(sc["group_label"], sc["level"])
    ]
    out = pd.DataFrame(
        {
            "Mã": t["Mã"],
            "Chỉ tiêu": short,
            "Nhóm / cấp": group,
            "Lũy kế năm": t["Giá trị"],
            C.fmt_period(month): this_month,
            "Ngưỡng": t["Ngưỡng"],
            "Trạng thái": [C.STATUS_MARK.get(C.status_vi(x), "") + " " + C.status_vi(x) for x in sc["status"]],
        }
    )
    C.html_block('<div class="phu-luc bang-chi-tieu">' + C.table_html(out) + "</div>")
    nb.para(
        "Tổng: " + "; ".join(f"{k}: {C.fmt_int(v)}" for k, v in counts.items()) + ". Ký hiệu: ✓ đạt, ✗ chưa đạt, "
        "… chưa đến hạn, • theo dõi, – không có dữ liệu. Giá trị tháng: – khi tháng không có mẫu số hoặc chỉ tiêu "
        "không phải tỷ lệ.",
        "note",
    )
else:
    nb.para("Chưa có bảng chỉ tiêu.", "note")

# %%
nb.h2("Chỉ tiêu chưa đạt: còn thiếu bao nhiêu, ai có thể bù")
g = nb.gaps(ctx, sc) if len(sc) else pd.DataFrame()
if len(g):
    C.html_block('<div class="phu-luc">' + C.table_html(g.drop(columns=["_need"])) + "</div>")
    nb.para("Cần thêm = làm tròn lên (ngưỡng × mẫu số − tử số); dự báo cuối năm giữ nhịp độ ba tháng gần nhất.", "note")
else:
    nb.para("Không có chỉ tiêu có ngưỡng nào đang chưa đạt.", "note")

# %%
# on paper the source line stands for the README block, which is shown on screen only
nb.para(
    f"Nguồn: cơ sở dữ liệu đã chuẩn hóa {ctx.db_path.name}, dữ liệu xuất từ phần mềm một cửa; kế hoạch: "
    f"{nb.plan_reference(ctx)}. Định nghĩa từng chỉ tiêu: mục README (trên màn hình) và trang Tổng quan.",
    "note chi-in",
)
nb.readme(ctx, list(sc["metric_id"].unique()) if len(sc) else [],
          ["plan_scorecard", "plan_targets", "plan_target_levels", "dim_metric", "dim_agency"],
          "Giá trị mỗi chỉ tiêu là tử số / mẫu số của chỉ số tương ứng (định nghĩa ở trang Định nghĩa chỉ số), lũy kế từ đầu năm "
          "đến ngày chốt; giá trị tháng là tử số / mẫu số của riêng tháng chốt số liệu. Số còn thiếu = làm tròn lên "
          "(ngưỡng × mẫu số − tử số).", printed=False)

ctx.close()
