// The board page: one self-contained document (no external files, nothing fetched but its own
// feed). Vietnamese first, English beneath in smaller type; large type for a projector.
// The script draws the board from the JSON the server sends over Server-Sent Events and
// counts down between messages from the simulated clock; every value is escaped before it
// becomes markup.

const STYLE = `
:root { --ink:#1b1f24; --muted:#5b6570; --line:#d5dbe1; --bg:#f4f6f8; --card:#fff; --red:#b3261e; --redbg:#fdecea; --amber:#8a5a00; --amberbg:#fff4d6; --green:#1e6b34; --greenbg:#e6f4ea; --blue:#0b57d0; }
* { box-sizing: border-box; }
html { font-size: 18px; }
body { margin: 0; font-family: "Segoe UI", "Noto Sans", Roboto, Arial, sans-serif; color: var(--ink); background: var(--bg); }
small, .en { color: var(--muted); font-size: .72em; font-weight: normal; }
.en { display: block; }
header { display: grid; grid-template-columns: 1fr auto auto auto; gap: 1.2rem; align-items: center; padding: .6rem 1.2rem; background: #123a6b; color: #fff; }
header small, header .en { color: #c9d7ea; }
header h1 { margin: 0; font-size: 1.35rem; }
.clock { text-align: center; font-variant-numeric: tabular-nums; }
.clock b { display: block; font-size: 2.6rem; line-height: 1; letter-spacing: .02em; }
.counts { display: flex; gap: .9rem; }
.counts div { text-align: center; }
.counts b { display: block; font-size: 1.6rem; font-variant-numeric: tabular-nums; }
.counts .bad b { color: #ffb4ab; }
button { font: inherit; cursor: pointer; border-radius: 6px; border: 1px solid #8fa3b8; background: #fff; color: var(--ink); padding: .25rem .6rem; }
button.primary { background: var(--blue); color: #fff; border-color: var(--blue); }
button.finish { background: #fff; color: #123a6b; font-weight: 600; padding: .5rem .9rem; }
button.finish .en { color: #4a5d73; }
button:disabled { opacity: .5; cursor: default; }
#conn { display: none; padding: .4rem 1.2rem; background: #5c2b00; color: #fff; font-weight: 600; }
#conn.down { display: block; }
#ended { display: none; padding: .4rem 1.2rem; background: #303840; color: #fff; }
#ended.on { display: block; }
#alerts { padding: .5rem 1.2rem 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr)); gap: .5rem; }
#alerts:empty { display: none; }
.alert { border: 3px solid var(--red); background: var(--redbg); border-radius: 8px; padding: .5rem .75rem; }
.alert.new { animation: flash 1s ease-in-out 3; }
@keyframes flash { 50% { background: #ffb4ab; } }
.alert h2 { margin: 0 0 .2rem; font-size: 1.25rem; color: var(--red); }
.alert .where { margin-bottom: .25rem; }
.alert ol { margin: .2rem 0 0; padding-left: 1.4rem; }
.alert li { margin: .1rem 0; }
.alert li b { font-variant-numeric: tabular-nums; }
.alert .apology { color: var(--amber); margin-top: .2rem; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 29rem; gap: 1rem; padding: .5rem 1.2rem 1.2rem; }
.lane { margin-bottom: .8rem; }
.lane h2 { margin: .2rem 0 .3rem; font-size: 1.05rem; }
.cols { display: grid; gap: .45rem; }
.col { background: #e8ecf0; border-radius: 8px; padding: .35rem; min-height: 4rem; }
.col h3 { margin: 0 0 .35rem; font-size: .85rem; line-height: 1.15; }
.card { background: var(--card); border: 1px solid var(--line); border-left: 6px solid #7a8a99; border-radius: 6px; padding: .35rem .45rem; margin-bottom: .35rem; font-size: .82rem; }
.card .code { font-weight: 700; font-size: 1.05rem; }
.card .code small { margin-left: .3rem; }
.card.risk { border-color: var(--red); border-left-color: var(--red); background: var(--redbg); }
.card.late { border-left-color: #5f0000; }
.card.waiting { border-left-color: var(--amber); background: var(--amberbg); }
.card.closed { border-left-color: var(--green); opacity: .85; }
.card.closed.lateclosed { border-left-color: var(--red); }
.cd { font-variant-numeric: tabular-nums; }
.over { color: var(--red); font-weight: 700; }
.warn { color: var(--red); font-weight: 700; }
.soon { color: var(--amber); }
.card .btns { margin-top: .25rem; display: flex; flex-wrap: wrap; gap: .25rem; }
.card .btns button { font-size: .75rem; padding: .1rem .35rem; }
aside section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .5rem .7rem; margin-bottom: .8rem; }
aside h2 { margin: 0 0 .35rem; font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; font-size: .8rem; }
td, th { text-align: left; padding: .18rem .25rem; border-bottom: 1px solid #edf0f3; vertical-align: top; }
th { font-size: .72rem; color: var(--muted); }
.chip { display: inline-block; background: #eef2f6; border-radius: 4px; padding: 0 .25rem; margin: 0 .15rem .1rem 0; white-space: nowrap; }
.chip.over { background: var(--redbg); }
form label { display: block; margin: .25rem 0; font-size: .85rem; }
form select, form input { font: inherit; font-size: .9rem; width: 100%; padding: .2rem; }
#msg { min-height: 1.4rem; margin-top: .35rem; font-size: .85rem; }
#msg.ok { color: var(--green); } #msg.refused { color: var(--amber); font-weight: 600; } #msg.error { color: var(--red); font-weight: 600; }
.ok { color: var(--green); } .no { color: var(--red); }
.dim { opacity: .55; }
`;

const SCRIPT = `
'use strict';
var state = { view: null, base: null, alerts: {}, first: true };
var $ = function (id) { return document.getElementById(id); };
// the server answers only requests carrying the token of the address this page was opened at
var TOKEN = new URLSearchParams(location.search).get('token') || '';
function withToken(path) { return path + '?token=' + encodeURIComponent(TOKEN); }
function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
function two(t) { return '<span class="vi">' + esc(t.vi) + '</span><span class="en">' + esc(t.en) + '</span>'; }
function inline(t) { return esc(t.vi) + ' <small>' + esc(t.en) + '</small>'; }
var fmt = null, dfmt = null;
function hhmm(ms, secs) {
  if (ms == null) return '-';
  var v = state.view;
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', { timeZone: v.zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    sfmt = new Intl.DateTimeFormat('en-GB', { timeZone: v.zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    dfmt = new Intl.DateTimeFormat('en-CA', { timeZone: v.zone });
  }
  var t = (secs ? sfmt : fmt).format(new Date(ms));
  var d = dfmt.format(new Date(ms));
  return d === v.date ? t : d.slice(8, 10) + '/' + d.slice(5, 7) + ' ' + t;
}
var sfmt = null;
function simNow() {
  var b = state.base, v = state.view;
  if (!b || !v) return 0;
  var t = b.sim + (v.running ? (performance.now() - b.perf) * v.speed : 0);
  if (v.endsAt != null && t > v.endsAt) t = v.endsAt;
  return t;
}
function dur(ms) {
  var s = Math.floor(Math.abs(ms) / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), x = s % 60;
  var p = function (n) { return (n < 10 ? '0' : '') + n; };
  return (h ? h + ':' + p(m) : p(m)) + ':' + p(x);
}
function countdown(target, kind) {
  if (target == null) return '';
  return '<b class="cd" data-until="' + target + '" data-kind="' + kind + '"></b>';
}
function updateCountdowns() {
  var now = simNow();
  if (!state.view) return;
  $('clock').textContent = hhmm(now, true);
  var els = document.querySelectorAll('[data-until]');
  for (var i = 0; i < els.length; i++) {
    var el = els[i], left = Number(el.getAttribute('data-until')) - now;
    if (left >= 0) { el.textContent = 'còn ' + dur(left); el.className = 'cd' + (left < 180000 ? ' soon' : ''); }
    else { el.textContent = 'quá ' + dur(left); el.className = 'cd over'; }
  }
}
function officialName(id) {
  var o = state.view.officials.find(function (x) { return x.id === id; });
  return o ? o.name : id;
}
function actButton(card, n) {
  var who = n.official ? officialName(n.official) : 'chọn người / pick';
  var payload = JSON.stringify({ official: n.official || '', action: n.action, dossier: card.code });
  return '<button type="button" data-act="' + esc(payload) + '" title="' + esc(n.label.en) + '">' + esc(n.label.vi) + ' · ' + esc(who) + '</button>';
}
function renderCard(c) {
  var cls = ['card'];
  if (c.risk && c.risk.active && c.column !== 'closed') cls.push('risk');
  if (c.late) cls.push(c.column === 'closed' ? 'lateclosed' : 'late');
  if (c.waitingSupplement) cls.push('waiting');
  if (c.column === 'closed') cls.push('closed');
  var h = '<article class="' + cls.join(' ') + '" data-dossier="' + esc(c.code) + '" data-column="' + esc(c.column) + '" data-status="' + c.status + '">';
  h += '<div class="code">' + esc(c.code) + '<small>TTHC ' + esc(c.procedure) + '</small></div>';
  h += '<div>' + esc(c.ownerName) + '</div>';
  h += '<div class="status">' + inline(c.statusText) + '</div>';
  if (c.column !== 'closed') {
    if (c.timeBoxEndsAt != null) h += '<div>Bước <small>step</small> ' + countdown(c.timeBoxEndsAt, 'box') + '</div>';
    if (c.dueAt != null) h += '<div>Hạn <small>due</small> ' + esc(hhmm(c.dueAt)) + ' ' + countdown(c.dueAt, 'due') + '</div>';
    if (c.risk && c.risk.active) h += '<div class="warn">⚠ Nguy cơ trễ hạn từ ' + esc(hhmm(c.risk.at)) + ' <small>at risk</small></div>';
    else if (c.risk) h += '<div class="soon">Cảnh báo lúc ' + esc(hhmm(c.risk.at)) + ' nếu chưa xong <small>at risk from then</small></div>';
    if (c.next.length) h += '<div class="btns">' + c.next.map(function (n) { return actButton(c, n); }).join('') + '</div>';
  } else {
    h += '<div>' + (c.returnedAt != null ? 'Trả lúc <small>returned</small> ' + esc(hhmm(c.returnedAt)) : esc(hhmm(c.closedAt))) + (c.dueAt != null ? ' · hạn ' + esc(hhmm(c.dueAt)) : '') + '</div>';
    if (c.late) h += '<div class="warn">Trễ hạn <small>late</small></div>';
  }
  return h + '</article>';
}
function renderBoard(v) {
  var h = '';
  v.lanes.forEach(function (lane) {
    h += '<section class="lane" data-procedure="' + esc(lane.procedure) + '"><h2>TTHC ' + esc(lane.procedure) + ' · ' + inline(lane.name) + '</h2>';
    h += '<div class="cols" style="grid-template-columns: repeat(' + lane.columns.length + ', minmax(0, 1fr))">';
    lane.columns.forEach(function (col) {
      var cards = v.dossiers.filter(function (d) { return d.procedure === lane.procedure && d.column === col.id; });
      h += '<div class="col" data-step="' + esc(col.id) + '"><h3>' + two(col.name) + '</h3>' + cards.map(renderCard).join('') + '</div>';
    });
    h += '</div></section>';
  });
  $('board').innerHTML = h;
}
function renderAlerts(v) {
  var seen = {};
  var h = v.alerts.map(function (a) {
    seen[a.dossier] = true;
    var isNew = !state.first && !state.alerts[a.dossier];
    var holders = a.holders.map(officialName).join(', ') || '?';
    var r = '<div class="alert' + (isNew ? ' new' : '') + '" data-alert="' + esc(a.dossier) + '">';
    r += '<h2>⚠ ' + esc(a.dossier) + ' · Nguy cơ trễ hạn từ ' + esc(hhmm(a.at)) + ' <small>Overdue risk since ' + esc(hhmm(a.at)) + '</small></h2>';
    r += '<div class="where">Đang chờ <small>waiting for</small> <b>' + esc(a.stepName.vi) + '</b> <small>' + esc(a.stepName.en) + '</small> — ' + esc(holders);
    r += ' · Hạn trả <small>due</small> <b>' + esc(hhmm(a.dueAt)) + '</b> ' + countdown(a.dueAt, 'due') + '</div>';
    if (a.save.length) {
      r += '<div><b>Để kịp hạn:</b> <small>To save it:</small><ol>';
      a.save.forEach(function (s) {
        r += '<li><b>' + esc(s.label.vi) + ' trước ' + esc(hhmm(s.by)) + '</b>' + (s.official ? ' (' + esc(officialName(s.official)) + ')' : '') + ' <small>' + esc(s.label.en) + ' before ' + esc(hhmm(s.by)) + '</small> ' + countdown(s.by, 'save') + '</li>';
      });
      r += '</ol></div>';
    } else r += '<div class="warn">Đã quá hạn <small>already late</small></div>';
    if (a.apologyIssuedAt == null) r += '<div class="apology">Chưa phát hành thư xin lỗi (Mẫu 04) <small>no apology letter yet</small></div>';
    return r + '</div>';
  }).join('');
  $('alerts').innerHTML = h;
  state.alerts = seen;
}
function renderOfficials(v) {
  var now = simNow();
  var h = '<table><tr><th>Công chức · hàng chờ <small>official · queue</small></th><th>Còn lại <small>time box</small></th></tr>';
  v.officials.forEach(function (o) {
    var q = o.queue.map(function (x) {
      var over = x.timeBoxEndsAt != null && x.timeBoxEndsAt < now;
      return '<span class="chip' + (over ? ' over' : '') + '" title="' + esc(x.label.en) + '">' + esc(x.dossier) + ' ' + esc(x.label.vi) + (x.shared ? ' *' : '') + '</span>';
    }).join('');
    h += '<tr data-official="' + esc(o.id) + '" class="' + (o.assessed ? '' : 'dim') + '"><td><b>' + esc(o.name) + '</b> <small>' + esc(o.role) + '</small>' + (o.refused ? ' <span class="no" title="refused actions">✗' + o.refused + '</span>' : '') + '<div>' + (q || '<small>—</small>') + '</div></td><td>' + countdown(o.timeBoxEndsAt, 'box') + '</td></tr>';
  });
  $('officials').innerHTML = h + '</table><small>* ai trong vai trò cũng được / anyone holding the role</small>';
}
function renderRecent(v) {
  var h = '<table>';
  v.recent.forEach(function (r) {
    h += '<tr class="' + (r.accepted ? '' : 'refusedrow') + '"><td>' + esc(hhmm(r.at)) + '</td><td>' + esc(r.officialName) + '</td><td>' + esc(r.label.vi) + ' <small>' + esc(r.dossier) + '</small>' +
      (r.accepted ? ' <span class="ok">✓</span>' : ' <span class="no">✗ ' + esc(r.reasonText ? r.reasonText.vi : r.reason) + '</span>' + (r.reasonText ? ' <small>' + esc(r.reasonText.en) + '</small>' : '')) + '</td></tr>';
  });
  $('recent').innerHTML = h + '</table>';
}
function fillForm(v) {
  var off = $('f-official'), act = $('f-action'), dos = $('f-dossier');
  if (off.options.length) return;
  off.innerHTML = '<option value="">— chọn / pick —</option>' + v.officials.map(function (o) { return '<option value="' + esc(o.id) + '">' + esc(o.name) + ' (' + esc(o.role) + ')</option>'; }).join('');
  act.innerHTML = '<option value="">— chọn / pick —</option>' + v.actions.map(function (a) { return '<option value="' + esc(a.action) + '">' + esc(a.label.vi) + ' / ' + esc(a.label.en) + '</option>'; }).join('');
  dos.innerHTML = '<option value="">— không theo hồ sơ / none —</option>' + v.dossiers.map(function (d) { return '<option value="' + esc(d.code) + '">' + esc(d.code) + ' · ' + esc(d.ownerName) + '</option>'; }).join('');
}
function render(v) {
  state.view = v;
  state.base = { sim: v.now, perf: performance.now() };
  document.title = 'Diễn tập · ' + v.unit.name;
  $('unit').innerHTML = esc(v.unit.name) + (v.unit.district ? ', ' + esc(v.unit.district) : '');
  $('mode').innerHTML = v.mode === 'dry-run' ? 'Chạy thử ×' + esc(v.speed) + ' <small>dry run</small>' : 'Trực tiếp' + (v.speed !== 1 ? ' ×' + esc(v.speed) : '') + ' <small>live</small>';
  $('c-dossiers').textContent = v.counts.dossiers;
  $('c-returned').textContent = v.counts.returned;
  $('c-risk').textContent = v.counts.atRisk;
  $('c-late').textContent = v.counts.late;
  $('c-refused').textContent = v.counts.refused;
  $('ended').className = v.running ? '' : 'on';
  $('ended').innerHTML = v.running ? '' : 'Phiên đã kết thúc lúc ' + esc(hhmm(v.endsAt)) + ' <small>The session ended</small> · bấm Kết thúc để xuất báo cáo <small>press Finish for the report</small> · <a href="' + esc(withToken('/report')) + '" target="_blank" style="color:#fff">Báo cáo / Report</a>';
  $('rec').disabled = !v.running;
  renderAlerts(v);
  renderBoard(v);
  renderOfficials(v);
  renderRecent(v);
  fillForm(v);
  $('journal').textContent = v.entries;
  state.first = false;
  // how many boards were drawn: lets a test tell a fresh board from the one already shown
  document.body.setAttribute('data-renders', String(Number(document.body.getAttribute('data-renders') || 0) + 1));
  updateCountdowns();
}
function say(cls, html) { var m = $('msg'); m.className = cls; m.innerHTML = html; }
function post(path, body) {
  return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'token ' + TOKEN }, body: JSON.stringify(body) })
    .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); });
}
function record(body) {
  say('', 'Đang ghi… <small>recording</small>');
  return post('/api/actions', body).then(function (r) {
    if (r.status !== 200) return say('error', '✗ ' + esc(r.body.error));
    var b = r.body;
    if (b.accepted) say('ok', '✓ Đã ghi <small>recorded</small>: ' + esc(b.dossier || '') + ' ' + esc(b.action) + ' · ' + esc(hhmm(b.at, true)));
    else say('refused', '✗ Hệ thống từ chối <small>refused</small>: ' + esc(b.message ? b.message.vi : b.reason) + (b.message ? ' <small>' + esc(b.message.en) + '</small>' : '') + ' · đã ghi vào nhật ký <small>journaled</small>');
  }, function (e) { say('error', '✗ Không gửi được <small>not sent</small>: ' + esc(e.message)); });
}
document.addEventListener('click', function (ev) {
  var b = ev.target.closest && ev.target.closest('button[data-act]');
  if (!b) return;
  var body = JSON.parse(b.getAttribute('data-act'));
  if (!body.official) {
    $('f-action').value = body.action; $('f-dossier').value = body.dossier; $('f-official').focus();
    return say('refused', 'Chọn công chức rồi bấm Ghi nhận <small>pick the official, then Record</small>');
  }
  record(body);
});
$('form').addEventListener('submit', function (ev) {
  ev.preventDefault();
  var body = { official: $('f-official').value, action: $('f-action').value };
  if ($('f-dossier').value) body.dossier = $('f-dossier').value;
  if ($('f-at').value.trim()) body.at = $('f-at').value.trim();
  record(body).then(function () { $('f-at').value = ''; });
});
$('finish').addEventListener('click', function () {
  if (!confirm('Kết thúc phiên và xuất báo cáo? / End the session and write the report?')) return;
  $('finish').disabled = true;
  post('/api/finish', {}).then(function (r) {
    $('finish').disabled = false;
    if (r.status !== 200) return say('error', '✗ ' + esc(r.body.error));
    say('ok', '✓ Đã ghi báo cáo <small>report written</small>: ' + esc(r.body.report) + ' · <a href="' + esc(withToken('/report')) + '" target="_blank">mở / open</a>');
    window.open(withToken('/report'), '_blank');
  }, function (e) { $('finish').disabled = false; say('error', '✗ ' + esc(e.message)); });
});
function connect() {
  var es = new EventSource(withToken('/events'));
  es.addEventListener('open', function () { $('conn').className = ''; $('live').textContent = '●'; });
  es.addEventListener('error', function () {
    $('conn').className = 'down'; $('live').textContent = '○';
    // the browser retries a lost connection by itself, but gives up on an answer such as 403
    if (es.readyState !== EventSource.CLOSED) return;
    fetch(withToken('/api/board')).then(function (r) {
      if (r.status === 403) $('conn').innerHTML = 'Máy chủ không nhận mã truy cập của trang này: mở lại địa chỉ tthc rehearse đã in ra <small>The server does not accept the token of this page: open the address tthc rehearse printed</small>';
      else setTimeout(connect, 1000);
    }, function () { setTimeout(connect, 1000); });
  });
  es.addEventListener('board', function (e) { render(JSON.parse(e.data)); });
  es.addEventListener('clock', function (e) {
    var c = JSON.parse(e.data);
    if (state.view) { state.base = { sim: c.now, perf: performance.now() }; state.view.running = c.running; }
  });
}
setInterval(updateCountdowns, 250);
connect();
`;

const BODY = `
<header>
  <div><h1>Diễn tập đánh giá TTHC <small>Assessment rehearsal</small></h1><div id="unit"></div></div>
  <div class="clock"><b id="clock">--:--:--</b><span id="mode"></span> <span id="live" title="live feed">○</span></div>
  <div class="counts">
    <div><b id="c-dossiers">0</b>Hồ sơ<span class="en">dossiers</span></div>
    <div><b id="c-returned">0</b>Đã trả<span class="en">returned</span></div>
    <div class="bad"><b id="c-risk">0</b>Nguy cơ trễ<span class="en">at risk</span></div>
    <div class="bad"><b id="c-late">0</b>Trễ hạn<span class="en">late</span></div>
    <div><b id="c-refused">0</b>Bị từ chối<span class="en">refused</span></div>
  </div>
  <div><button id="finish" class="finish" type="button">Kết thúc · xuất báo cáo<span class="en">Finish · write the report</span></button></div>
</header>
<div id="conn">Mất kết nối với máy chủ, đang kết nối lại… <small>Disconnected, reconnecting</small></div>
<div id="ended"></div>
<div id="alerts" aria-live="assertive"></div>
<main>
  <div id="board"></div>
  <aside>
    <section>
      <h2>Ghi nhận thao tác <small>Record an action</small></h2>
      <form id="form" autocomplete="off">
        <label>Công chức <small>official</small><select id="f-official"></select></label>
        <label>Thao tác <small>action</small><select id="f-action"></select></label>
        <label>Hồ sơ <small>dossier</small><select id="f-dossier"></select></label>
        <label>Lúc (để trống = bây giờ) <small>at (HH:mm, empty = now)</small><input id="f-at" placeholder="HH:mm"></label>
        <button id="rec" class="primary" type="submit">Ghi nhận <small style="color:#dfe9fb">Record</small></button>
      </form>
      <div id="msg" role="status"></div>
      <small>Nhật ký <span class="en" style="display:inline">journal</span>: <b id="journal">0</b> thao tác</small>
    </section>
    <section><h2>Công chức <small>Officials</small></h2><div id="officials"></div></section>
    <section><h2>Thao tác gần đây <small>Recent actions</small></h2><div id="recent"></div></section>
  </aside>
</main>
`;

/**
 * The board page, whole: markup, style and script in one document.
 * @example res.end(renderBoardPage())
 */
export function renderBoardPage(): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Diễn tập TTHC</title>
<style>${STYLE}</style>
</head>
<body>
${BODY}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
