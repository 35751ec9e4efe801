"""The one style sheet of every report page (inlined: the site is read offline).

Classes the pages share (pipelines/reports/README.md, "Classes"): `.bang-cuon` is the box of a
table that scrolls sideways inside itself on a phone, `.bang-ngan` a box whose table is short
enough to be printed whole, `.cot-trang-thai` the status column, kept in view at the box's
right edge, `.cot-chu` a column of long texts (kept readable on a phone); `.phu-luc` the tables
of the printed monthly appendix (denser; `.bang-chi-tieu` its scorecard, one line per target);
`figure.xu-huong` a trend chart (two side by side on paper); `.chi-in` is shown only on paper,
`.khong-in` only on screen.

Print (A4): no navigation bar, a heading with the page's agency, period and as-of date in the
top margin of every page (`print_css`, one per page), page numbers at the bottom right,
tables and figures kept whole when they fit a page (a longer table breaks between rows and
repeats its header row).
"""

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:15px;line-height:1.45;color:#1a1a1a;
 margin:0;background:#fff;overflow-wrap:break-word}
main{max-width:1100px;margin:0 auto;padding:8px 24px 40px}
nav.top{background:#0b3d62;color:#fff;padding:8px 24px;font-size:14px}
nav.top a{color:#fff;font-weight:bold;text-decoration:none;margin-right:16px}
nav.top .meta{opacity:.85}
footer{max-width:1100px;margin:0 auto;padding:12px 24px;color:#555;font-size:12px;border-top:1px solid #ddd}
h1{font-size:24px;color:#0b3d62;margin:18px 0 8px}
h2{font-size:19px;color:#0b3d62;margin:24px 0 8px;border-bottom:1px solid #ddd;padding-bottom:3px}
h3{font-size:16px;margin:18px 0 6px}
p.summary{background:#f3f7fa;border-left:4px solid #0b3d62;padding:10px 14px}
p.note,.note{color:#555;font-size:13px}
.bang-cuon{max-width:100%;overflow-x:auto;margin:8px 0 16px}
.bang-cuon>table.data{margin:0}
table.data{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
table.data caption{text-align:left;font-weight:bold;padding:4px 0}
table.data th,table.data td{border:1px solid #ccc;padding:3px 7px;vertical-align:top}
table.data th{background:#eef2f5;text-align:left}
table.data td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
figure.chart{margin:12px 0 20px}
figure.chart svg{max-width:100%;height:auto}
figure.chart figcaption{font-size:13px;color:#333;margin-top:4px;font-style:italic}
.readme{background:#fafafa;border:1px solid #e3e3e3;padding:6px 16px;margin-top:28px;font-size:13px}
.status-dat{color:#00634a;font-weight:bold}.status-chua_dat{color:#a33f00;font-weight:bold}
.jp-OutputArea-prompt,.jp-InputPrompt,.jp-OutputPrompt{display:none}
.jp-RenderedText pre{white-space:pre-wrap;font-size:12px}
ul.reports li{margin:6px 0}
.chi-in{display:none}
@media (max-width:600px){
 body{font-size:14px}
 main{padding:6px 10px 28px}
 nav.top,footer{padding:8px 10px}
 h1{font-size:20px}
 h2{font-size:17px}
 ul.reports[style]{columns:1!important}
 table.data{font-size:12px}
 table.data th,table.data td{padding:3px 5px}
 .bang-cuon>table.data{border-collapse:separate;border-spacing:0}
 .bang-cuon>table.data td,.bang-cuon>table.data th{border-width:0 1px 1px 0}
 .bang-cuon>table.data tr>:first-child{border-left-width:1px}
 .bang-cuon>table.data thead tr:first-child>*{border-top-width:1px}
 .bang-cuon .cot-trang-thai{position:sticky;right:0;z-index:1;background:#fff;min-width:4.5em;max-width:34vw;
  box-shadow:-3px 0 4px -2px rgba(0,0,0,.35)}
 .bang-cuon th.cot-trang-thai{background:#eef2f5}
 .bang-cuon .cot-chu{min-width:11em}
}
@page{size:A4;margin:16mm 11mm 14mm 11mm;
 @bottom-right{content:"Trang " counter(page) "/" counter(pages);font:8pt "DejaVu Sans",Arial,sans-serif;color:#444}}
@media print{
 body{font-size:9.5pt;line-height:1.35}
 nav.top,.khong-in{display:none!important}
 .chi-in{display:block}
 main{max-width:none;padding:0}
 footer{max-width:none;padding:4px 0 0;font-size:7.5pt}
 h1{font-size:15pt;margin:0 0 4pt}
 h2{font-size:12pt;margin:10pt 0 4pt;break-after:avoid}
 h3{font-size:10.5pt;break-after:avoid}
 p.summary{padding:4pt 8pt}
 p.note,.note,figure.chart figcaption{font-size:8pt}
 .bang-cuon{overflow:visible;margin:4pt 0 8pt}
 table.data{font-size:7.5pt;width:100%}
 .bang-ngan{break-inside:avoid}
 table.data th,table.data td{padding:1.5pt 3pt}
 table.data thead{display:table-header-group}
 table.data tr,figure.chart{break-inside:avoid}
 figure.chart svg{max-height:110mm;width:auto}
 figure.chart.xu-huong{margin:4pt 0}
 figure.chart.xu-huong svg{width:100%}
 /* each chart sits in a notebook output block of its own: the block goes side by side */
 .jp-OutputArea-child:has(>.jp-OutputArea-output>figure.xu-huong){display:inline-block;width:49%;
  vertical-align:top;break-inside:avoid}
 .readme{font-size:7.5pt;break-before:auto}
 a{color:inherit;text-decoration:none}
 .phu-luc table.data{font-size:7pt}
 .phu-luc table.data td{padding:1pt 3pt}
 .phu-luc .bang-ngan{break-inside:auto}
 .phu-luc.bang-chi-tieu td{white-space:nowrap}
 .phu-luc.bang-chi-tieu td:nth-child(2){white-space:normal}
}
"""


def _css_string(text: str) -> str:
    """A CSS string literal (the page's print heading): quotes and backslashes escaped,
    newlines removed."""
    text = " ".join(str(text).split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def print_heading(agency: str, title: str, period: str, as_of: str) -> str:
    """The heading printed at the top of every A4 page: agency · page title · period · as-of
    date (dd/mm/yyyy), the parts that are known."""
    parts = [p for p in (agency, title, period) if p and p.strip()]
    if as_of:
        parts.append(f"số liệu đến ngày {as_of}")
    return " · ".join(parts)


def print_css(heading: str) -> str:
    """The page's own @page rule: its print heading in the top margin of every page."""
    if not heading:
        return ""
    return (
        "@page{@top-left{content:" + _css_string(heading) + ';font:7.5pt "DejaVu Sans",Arial,sans-serif;'
        "color:#333;vertical-align:bottom;padding-bottom:3mm}}"
    )
