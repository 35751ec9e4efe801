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
checks_path = ""

# %%
import json
from pathlib import Path

import pandas as pd

from pipelines.reports import charts as C
from pipelines.reports import nb
from pipelines.reports import ranking as R
from pipelines.reports.words import ENTITY_VI, SEVERITY_VI
from pipelines.warehouse.models import check_titles

ctx = nb.Ctx(db_path, period, as_of, level, ma_don_vi)
ls = ctx.q("""SELECT * FROM load_summary WHERE run_id = (SELECT max(run_id) FROM load_summary)
              ORDER BY entity""") if ctx.has("load_summary") else pd.DataFrame()
# checks: a table of results in the database if the run keeps one, else the run's JSON
chk = pd.DataFrame()
for t in ("check_results", "run_checks", "checks"):
    if ctx.has(t):
        chk = ctx.q(f"SELECT * FROM {t}")
        break
if chk.empty and checks_path and Path(checks_path).exists():
    chk = pd.DataFrame(json.loads(Path(checks_path).read_text(encoding="utf-8")))
rec = ctx.agency_values("dossiers_in_system_rate")
n_in = int(ls["rows_in"].sum()) if len(ls) else 0
n_q = int(ls["rows_quarantined"].sum()) if len(ls) else 0
n_fail = int(((chk.get("failing_rows", pd.Series(dtype=float)).fillna(0) > 0)).sum()) if len(chk) else 0
nb.header("Chất lượng dữ liệu",
          f"Lần nạp gần nhất nhận {C.fmt_int(n_in)} dòng, nạp {C.fmt_int(n_in - n_q)} dòng và cách ly {C.fmt_int(n_q)} dòng "
          f"({C.fmt_pct(n_q / n_in if n_in else None)}); {C.fmt_int(n_fail)} phép kiểm tra có dòng vi phạm. Trang này cho biết "
          "dữ liệu của từng loại đã vào kho đến đâu, các phép kiểm tra nào cảnh báo, và số hồ sơ trên hệ thống khớp đến đâu "
          "với số đơn vị tự báo cáo. Các dòng bị cách ly (có thể chứa thông tin cá nhân) nằm ở vùng dữ liệu thô, không ở đây.", ctx)

# %%
nb.h2("Nạp dữ liệu theo loại")
if len(ls):
    t = ls.copy()
    t["ty_le_cach_ly"] = t["rows_quarantined"] / t["rows_in"].where(t["rows_in"] > 0)
    t["loai"] = [ENTITY_VI.get(e, e) for e in t["entity"]]
    C.show_table(t[["loai", "rows_in", "rows_loaded", "rows_quarantined", "ty_le_cach_ly"]],
                 formats={"rows_in": "int", "rows_loaded": "int", "rows_quarantined": "int", "ty_le_cach_ly": "pct"},
                 headers={"loai": "Loại dữ liệu", "rows_in": "Dòng vào", "rows_loaded": "Đã nạp",
                          "rows_quarantined": "Cách ly", "ty_le_cach_ly": "Tỷ lệ cách ly"},
                 caption=f"Lần chạy {ls['run_id'].iloc[0]}")
    q = t[t["rows_quarantined"] > 0]
    if len(q):
        C.show(C.bar_counts_chart(q, "loai", "rows_quarantined", title="Số dòng bị cách ly"),
               "Số dòng bị cách ly của từng loại dữ liệu trong lần nạp gần nhất; số ghi ở đầu thanh.")
else:
    nb.para("Cơ sở dữ liệu chưa có bảng tóm tắt nạp (load_summary) hoặc bảng rỗng.", "note")

# %%
nb.h2("Kết quả kiểm tra dữ liệu")
if len(chk):
    # each check by its Vietnamese title (the `title` beside it in checks.sql), never its name
    titles = check_titles()
    c2 = chk.copy()
    c2["ten"] = [t if isinstance(t, str) and t else titles.get(n) or str(d).split(":")[0].rstrip(".")
                 for t, n, d in zip(c2.get("title", [None] * len(c2)), c2["name"], c2.get("description", [""] * len(c2)))]
    c2["muc"] = [SEVERITY_VI.get(x, x) for x in c2["severity"]]
    cols = [c for c in ["ten", "muc", "failing_rows", "description", "error"] if c in c2.columns]
    if "failing_rows" in c2:
        c2 = c2.sort_values("failing_rows", ascending=False)
    C.show_table(c2[cols], formats={"failing_rows": "int"},
                 headers={"ten": "Phép kiểm tra", "muc": "Mức", "failing_rows": "Dòng vi phạm",
                          "description": "Ý nghĩa", "error": "Lỗi khi chạy"})
    nb.para("Mức “Lỗi (không công bố)”: có dòng vi phạm thì lần chạy không công bố số liệu mới; mức “Cảnh báo”: "
            "số liệu vẫn được công bố, các dòng vi phạm cần được đơn vị xem lại.", "note")
else:
    nb.para("Không có kết quả kiểm tra đi kèm cơ sở dữ liệu này.", "note")

# %%
nb.h2("Đối chiếu với số tự báo cáo của đơn vị")
if len(rec):
    # the site's one ranking rule (pipelines/reports/ranking.py) against the plan's 100%
    rk = R.rank_units(rec, threshold=1.0)
    r = rk.ranked
    nb.para("Với mỗi đơn vị: số hồ sơ tự báo cáo R (mẫu số) và phần được đối chiếu min(S, R) với S là số hồ sơ trên hệ thống "
            "tiếp nhận trong cùng kỳ báo cáo (tử số). Tỷ lệ thấp: nhiều hồ sơ chưa được cập nhật lên hệ thống. "
            + rk.apart_note("hồ sơ tự báo cáo"))
    if len(rk.behind()):
        b = rk.behind(15)
        C.show(C.ranking_chart(b.assign(value=b["value"].astype(float)), "nhan", "value", threshold=1.0, n_col="denominator",
                               title="Tỷ lệ hồ sơ có trên hệ thống so với số tự báo cáo"),
               "Tỷ lệ hồ sơ trên hệ thống so với số đơn vị tự báo cáo, 15 đơn vị còn thiếu nhiều hồ sơ nhất; n là số tự báo cáo; "
               "kế hoạch yêu cầu 100%.")
    C.show_table(pd.concat([r, rk.apart])[["nhan", "level", "numerator", "denominator", "value", "con_thieu"]],
                 formats={"level": "level", "numerator": "int", "denominator": "int", "value": "pct", "con_thieu": "int"},
                 headers={"nhan": "Đơn vị", "level": "Cấp", "numerator": "Khớp trên hệ thống",
                          "denominator": "Tự báo cáo", "value": "Tỷ lệ", "con_thieu": "Còn thiếu (hồ sơ)"})
else:
    nb.para("Chưa có báo cáo định kỳ có số hồ sơ tự báo cáo.", "note")

# %%
nb.h2("Bản ghi chưa ghép được")
orph = []
for t, lab in [("orphan_danhgia", "Đánh giá chưa có hồ sơ"), ("orphan_thanhtoan", "Thanh toán chưa có hồ sơ")]:
    if ctx.has(t):
        orph.append({"Loại": lab, "Số dòng": C.fmt_int(ctx.q(f"SELECT count(*) AS n FROM {t}").iloc[0, 0])})
if ctx.has("fct_dossier"):
    orph.append({"Loại": "Hồ sơ của đơn vị chưa có trong danh mục đơn vị",
                 "Số dòng": C.fmt_int(ctx.q("SELECT count(*) FROM fct_dossier WHERE level IS NULL").iloc[0, 0])})
if orph:
    C.show_table(pd.DataFrame(orph))
    nb.para("Đánh giá và thanh toán chưa có hồ sơ không được tính; chúng được xét lại ở mỗi lần chạy và được nạp khi hồ sơ đến.", "note")

# %%
nb.readme(ctx, ctx.section_metrics("chat_luong"),
          ["load_summary", "metric_values", "orphan_danhgia", "orphan_thanhtoan", "fct_dossier (đếm)", "dim_agency",
           "kết quả kiểm tra của lần chạy (nếu có)"],
          "Mỗi loại dữ liệu: dòng vào = đã nạp + cách ly. Đối chiếu: tổng min(S, R) / tổng R trên các dòng báo cáo định kỳ đã nộp "
          "(báo cáo chưa nộp không có số tự báo cáo nên không được tính).")

ctx.close()
