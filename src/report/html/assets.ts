/**
 * The page's only style and script. Both are fixed text (never built from data), so the
 * Content-Security-Policy can allow exactly them by hash and nothing else.
 */
export const STYLE = `
:root{--ink:#1d2330;--muted:#5b6475;--line:#d9dde5;--bg:#f5f6f8;--card:#fff;--accent:#1f4e79;
--critical:#8b1a1a;--high:#c2410c;--medium:#b7791f;--low:#4b6b8a;--alarm:#b42318;--ok:#2f7d4f}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header.report{background:var(--accent);color:#fff;padding:22px 32px 18px}
header.report h1{margin:0 0 4px;font-size:24px;font-weight:650}
header.report .sub{opacity:.9;margin:0}
header.report dl{display:flex;flex-wrap:wrap;gap:4px 28px;margin:12px 0 0;font-size:13px}
header.report dt{opacity:.75}
header.report dd{margin:0;font-weight:600}
.redacted-flag{display:inline-block;background:#fff;color:var(--accent);border-radius:3px;padding:1px 8px;font-size:12px;font-weight:700;margin-left:8px;vertical-align:middle;text-transform:uppercase;letter-spacing:.04em}
main{max-width:1180px;margin:0 auto;padding:20px 32px 48px}
h2{font-size:19px;margin:30px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:0 0 6px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(118px,1fr));gap:10px;margin-top:16px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:12px 14px}
.tile .n{font-size:28px;font-weight:700;line-height:1.1}
.tile .l{color:var(--muted);font-size:13px}
.tile.sev-critical{border-top:4px solid var(--critical)}.tile.sev-high{border-top:4px solid var(--high)}
.tile.sev-medium{border-top:4px solid var(--medium)}.tile.sev-low{border-top:4px solid var(--low)}
.callout{background:#fdecea;border-left:4px solid var(--alarm);padding:10px 14px;margin:16px 0;border-radius:0 4px 4px 0}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(480px,100%),1fr));gap:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:14px 16px;break-inside:avoid}
.card h3{font-size:15px}
.card .note{color:var(--muted);font-size:13px;margin:2px 0 8px}
svg.chart{width:100%;height:auto;display:block;font-size:12px}
.bar-track{fill:#eef0f4}.bar-rect{fill:var(--accent)}.bar.marked .bar-rect{fill:var(--alarm)}
.bar-label{fill:var(--ink)}.bar-value{fill:var(--muted)}.bar.marked .bar-value{fill:var(--alarm);font-weight:700}
.threshold line{stroke:var(--alarm);stroke-width:1.5;stroke-dasharray:4 3}.threshold text{fill:var(--alarm);font-size:11px}
table{border-collapse:collapse;width:100%;background:var(--card);font-size:14px}
th,td{text-align:left;padding:6px 9px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{background:#eef1f6;font-weight:650;white-space:nowrap}
td.num,th.num{text-align:right}
th button{all:inherit;cursor:pointer;padding:0}
th button::after{content:"";display:inline-block;width:1em;color:var(--muted)}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
tbody tr:hover{background:#f7f9fc}
.sev{display:inline-block;border-radius:3px;padding:0 7px;font-size:12px;font-weight:700;color:#fff;text-transform:uppercase;letter-spacing:.03em}
.sev-critical .sev,.sev.sev-critical{background:var(--critical)}.sev.sev-high{background:var(--high)}
.sev.sev-medium{background:var(--medium)}.sev.sev-low{background:var(--low)}.sev.sev-none{background:none;color:var(--muted);font-weight:400;text-transform:none}
.tag{display:inline-block;border:1px solid var(--alarm);color:var(--alarm);border-radius:3px;font-size:11px;padding:0 5px;font-weight:700;text-transform:uppercase}
.controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:8px 0 10px}
.controls input,.controls select{font:inherit;padding:5px 8px;border:1px solid #b8bfcc;border-radius:4px;background:#fff}
.controls input{min-width:260px}
.controls .count{color:var(--muted);font-size:13px}
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:6px}
.case{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:16px 18px;margin:16px 0;break-inside:avoid-page}
.case .meta{color:var(--muted);font-size:13px;margin:0 0 10px}
.case .meta b{color:var(--ink);font-weight:600}
.failed{margin:2px 0 0;padding-left:18px;color:var(--alarm);font-size:13px}
.msg{display:block;color:var(--muted);font-size:13px}
.evidence{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;white-space:nowrap}
svg.timeline{width:100%;min-width:760px;height:auto;display:block;font-size:12px;margin:6px 0 12px}
.timeline-wrap{overflow-x:auto}
table.findings td:first-child{min-width:220px}table.findings td:nth-child(7){min-width:170px}
svg.key{width:28px;height:20px;vertical-align:middle;margin-right:6px}
.axis line{stroke:#7b8496;stroke-width:1.5}.axis .grid{stroke:#e6e9ef;stroke-width:1}.axis text{fill:var(--muted);font-size:11px}
.asof line{stroke:var(--ink);stroke-dasharray:2 3}.asof text{fill:var(--muted);font-size:11px}
.lane-label{fill:var(--ink);font-size:12px}
.ev{stroke:#fff;stroke-width:1}.ev-resident{fill:#d97706}.ev-contact{fill:#2563eb}.ev-assessment{fill:#15803d}
.ev-partner{fill:#7c3aed}.ev-closure{fill:#111827}.ev-other{fill:#9ca3af}
.span-allowed{fill:#c7d2e0}.span-overdue{fill:var(--alarm)}.span-late{fill:#ea8a2e}
.due-mark{stroke:var(--ink);stroke-width:2}.met-mark{fill:#fff;stroke:var(--ink);stroke-width:2}
.after-close{fill:#eef0f4}.after-close-label{fill:var(--muted);font-size:11px}
.gap-band{fill:#f59e0b;fill-opacity:.16}.span-gap{fill:#d97706}
.premature-ring{fill:none;stroke:var(--alarm);stroke-width:2.5}.premature-mark{stroke:var(--alarm);stroke-width:3}
ul.legend{list-style:none;margin:8px 0 4px;padding:10px 14px;display:flex;flex-wrap:wrap;gap:6px 22px;font-size:13px;background:var(--card);border:1px solid var(--line);border-radius:6px}
details{margin-top:8px}summary{cursor:pointer;color:var(--accent);font-weight:600}
details table{font-size:13px;margin-top:6px}
.note-text{white-space:pre-wrap;word-break:break-word;max-width:420px}
.empty{color:var(--muted);font-style:italic}
.pending{font-size:13px;color:var(--muted)}
footer{color:var(--muted);font-size:12px;margin-top:40px;border-top:1px solid var(--line);padding-top:10px}
@media print{
 body{background:#fff;font-size:11pt}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 header.report{padding:8px 0;background:#fff;color:var(--ink);border-bottom:3px solid var(--accent)}
 header.report dt{opacity:1;color:var(--muted)}
 .redacted-flag{border:1px solid var(--ink)}
 main{max-width:none;padding:0}
 .controls{display:none!important}
 .card,.case,.tile{box-shadow:none;break-inside:avoid}
 .table-wrap,.timeline-wrap{overflow:visible;border:0}
 svg.timeline{min-width:0}
 h2{break-after:avoid}
 a{color:inherit;text-decoration:none}
}
`;

/**
 * Sorting and filtering of the case table. It reads everything from the DOM (data-sort and
 * data-rank attributes, cell text), so no data is ever turned into script; without it the
 * table is complete and readable, and the controls stay hidden.
 */
export const SCRIPT = `
(function () {
  var table = document.getElementById('case-table');
  var controls = document.getElementById('case-controls');
  if (!table || !controls) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  rows.forEach(function (row, i) { row.setAttribute('data-order', String(i)); });
  var text = document.getElementById('case-filter');
  var severity = document.getElementById('case-severity');
  var count = document.getElementById('case-count');
  controls.hidden = false;

  function apply() {
    var q = text.value.trim().toLowerCase();
    var min = severity.value;
    var shown = 0;
    rows.forEach(function (row) {
      var rank = Number(row.getAttribute('data-rank'));
      var ok = min === '' ? true : min === 'none' ? rank === 0 : rank >= Number(min);
      if (ok && q) ok = row.textContent.toLowerCase().indexOf(q) !== -1;
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' cases shown';
  }

  function key(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
    return numeric ? Number(raw) : raw;
  }

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, index) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      var numeric = th.getAttribute('data-type') === 'number';
      headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a, index, numeric), y = key(b, index, numeric);
        var c = numeric ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y, 'en', { numeric: true, sensitivity: 'base' });
        if (c === 0) return Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
        return ascending ? c : -c;
      });
      sorted.forEach(function (row) { body.appendChild(row); });
    });
  });
  // A printed report shows every case's events and notes: open the folded sections to print.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details:not([open])'), function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
  text.addEventListener('input', apply);
  severity.addEventListener('change', apply);
  apply();
})();
`;
