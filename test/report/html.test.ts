import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { REASONS } from '../../src/analysis/reasons.js';
import { withRubric } from '../../src/analysis/rubric.js';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { parseScenario } from '../../src/io/scenarioFile.js';
import { runSession } from '../../src/lifecycle.js';
import type { Lang } from '../../src/model/text.js';
import { escapeHtml, renderReportHtml, timelineOf } from '../../src/report/html.js';
import { calendar, registry, runScenarioFile } from '../support/scenario.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Renders a bundled scenario the way `tthc run --format html` does. */
function render(file: string, lang: Lang = 'vi', withTrace = true) {
  const run = runScenarioFile(file);
  const ctx = { lang, zone: run.loaded.session.zone, procedures: BUNDLED_PROCEDURES };
  return { ...run, html: renderReportHtml(run.result, ctx, withTrace ? timelineOf(run.result, run.trace) : undefined) };
}

/** Renders a scenario written inline. */
function renderText(text: string, lang: Lang = 'vi') {
  const loaded = parseScenario('inline.yaml', text, registry);
  const { trace, result } = runSession(loaded.session, { registry, calendar, rubric: withRubric(loaded.rubric) });
  return renderReportHtml(result, { lang, zone: loaded.session.zone, procedures: BUNDLED_PROCEDURES }, timelineOf(result, trace));
}

/** The markup of one section of the page, by its class. */
const section = (html: string, cls: string) => {
  const from = html.indexOf(`<section class="${cls}">`);
  expect(from, `no section ${cls}`).toBeGreaterThanOrEqual(0);
  return html.slice(from, html.indexOf('</section>', from));
};

/** The timeline lane (table row) of an official, by name. */
const lane = (html: string, name: string) => {
  const rows = section(html, 'timeline').split('<tr>').slice(2);
  const row = rows.find((r) => r.includes(`<div class="name">${name}</div>`));
  expect(row, `no lane for ${name}`).toBeDefined();
  return row!;
};

/** The score card of an official, by name. */
const card = (html: string, name: string) => {
  const cards = section(html, 'cards').split('<article').slice(1);
  const c = cards.find((x) => x.includes(`<div class="name">${name}</div>`));
  expect(c, `no card for ${name}`).toBeDefined();
  return c!;
};

/** Visible text: tags dropped, entities of the escaper decoded, spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('the HTML report of slow-step-late (a slow Chair makes dossiers late)', () => {
  const { html } = render('scenarios/slow-step-late.yaml');

  it("marks the late dossier HS-105 and its 16:30 risk moment on the timeline, in the Chair's lane", () => {
    const ct = lane(html, 'Nguyễn Văn Hậu');
    // the stay at the signature turns red at the risk moment, with the marker and its time
    const hs105 = ct.slice(ct.indexOf('<title>HS-105 · Ký số và chuyển phát hành'));
    expect(hs105).toMatch(/^<title>HS-105 · Ký số và chuyển phát hành · 14:57–16:55/);
    expect(hs105).toContain('class="bar late"');
    expect(hs105).toContain('class="risk-mark"');
    expect(text(hs105)).toContain('cảnh báo 16:30');
    // HS-104, saved by its apology letter, is at risk but not late: amber, same 16:30 moment
    const hs104 = ct.slice(ct.indexOf('<title>HS-104 · Ký số'), ct.indexOf('<title>HS-105 · Ký số'));
    expect(hs104).toContain('class="bar risk"');
    expect(text(hs104)).toContain('cảnh báo 16:30');
  });

  it('draws the 17:00 due time across the timeline, labelled on the time axis', () => {
    const tl = section(html, 'timeline');
    expect(text(tl)).toContain('Hạn trả 17:00');
    expect(text(tl)).toContain('Kết thúc 17:15');
    expect(lane(html, 'Nguyễn Văn Hậu')).toContain('class="due"');
    // the part of a stay after the due time is shaded
    expect(lane(html, 'Lê Thị Mai')).toContain('class="pastdue"');
  });

  it("keeps HS-106, never approved, in the Chair's lane up to the end of the session, drawn as still open", () => {
    const ct = lane(html, 'Nguyễn Văn Hậu');
    const hs106 = ct.slice(ct.indexOf('<title>HS-106 · Kiểm tra hồ sơ, ký duyệt bản sao'));
    expect(hs106).toMatch(/^<title>HS-106 · Kiểm tra hồ sơ, ký duyệt bản sao · 14:42–…/);
    expect(hs106).toContain('class="open-end late"');
  });

  it('draws every step a dossier went through, from arrival to departure, in the lane of the official who moved it on', () => {
    expect(lane(html, 'Phạm Văn Lộc')).toContain('<title>HS-101 · Xử lý, thẩm định hồ sơ · 14:38–14:50 (12 phút)</title>');
    expect(lane(html, 'Nguyễn Văn Hậu')).toContain('<title>HS-101 · Ký số và chuyển phát hành · 14:50–16:20 (90 phút)</title>');
    expect(lane(html, 'Lê Thị Mai')).toContain('<title>HS-101 · Đóng dấu và trả kết quả · 16:20–16:32 (12 phút)</title>');
    // every dossier appears on the timeline
    for (const code of ['HS-101', 'HS-102', 'HS-103', 'HS-104', 'HS-105', 'HS-106']) expect(section(html, 'timeline')).toContain(`>${code}</text>`);
  });

  it('gives the Chair a score card: Không đạt, 0/100, every reason in Vietnamese and in English', () => {
    const c = card(html, 'Nguyễn Văn Hậu');
    expect(c).toContain('Không đạt');
    expect(text(c)).toContain('0 /100');
    for (const code of ['caused_late_dossier', 'step_over_time_box', 'missing_step'] as const) {
      expect(c).toContain(REASONS[code].vi);
      expect(c).toContain(REASONS[code].en);
    }
    expect(text(c)).toContain('không đạt ngay');
    expect(text(c)).toContain('90/15 phút');
  });

  it('says an official with nothing wrong has no issues, in both languages', () => {
    const c = card(html, 'Trần Thị Kim');
    expect(text(c)).toContain('Đạt');
    expect(text(c)).toContain('Không có lỗi nào No issues');
  });

  it('summarises the unit: 6 dossiers of a minimum 18, 2 late, 3 at risk, 2 without an apology, the per-dossier reading', () => {
    const s = text(section(html, 'summary'));
    expect(s).toContain('Số hồ sơ 6 / tối thiểu 18');
    expect(s).toContain(REASONS.below_min_dossiers.vi);
    expect(s).toContain(REASONS.below_min_dossiers.en);
    expect(s).toContain('Hồ sơ trễ hạn 2 +0 sẽ trễ');
    expect(s).toContain('Hồ sơ bị cảnh báo 3');
    expect(s).toContain('Trễ hạn chưa có thư xin lỗi 2');
    expect(s).toContain('Đạt 5 Không đạt 1 Không đánh giá 0');
    expect(s).toContain('15 phút cho mỗi hồ sơ ở mỗi bước xử lý (per-dossier)');
    expect(s).toContain('Điều kiện chuẩn bị còn thiếu không có');
  });

  it('lists the dossiers with due time, return, lateness, risk moment and apology', () => {
    const rows = section(html, 'dossiers').split('<tr class=').slice(1);
    const hs105 = text(rows.find((r) => r.includes('HS-105'))!);
    expect(hs105).toContain('14:44 17:00 17:08');
    expect(hs105).toContain('trễ 8 phút');
    expect(hs105).toContain('16:30 · Ký số và chuyển phát hành · đang ở Nguyễn Văn Hậu');
    expect(hs105).toContain('cần, chưa phát hành');
    expect(text(rows.find((r) => r.includes('HS-104'))!)).toContain('đã phát hành 16:42');
  });

  it('is one self-contained page: no script, no stylesheet, font or image fetched from anywhere', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|@font-face|\bsrc=|\bhref=/i);
    expect(html).not.toMatch(/https?:\/\//);
    // the only url() is the hatch pattern defined in the page itself
    expect([...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['#tthc-hatch']);
    expect(html).toContain('<pattern id="tthc-hatch"');
  });

  it('prints on A4: the timeline on landscape pages, a page break before each section, lanes never split', () => {
    expect(html).toMatch(/@page \{ size: A4;/);
    expect(html).toMatch(/@page lanes \{ size: A4 landscape;/);
    expect(html).toMatch(/section\.timeline \{ page: lanes; \}/);
    expect(html).toMatch(/section \+ section[^{]*\{ break-before: page; \}/);
    expect(html).toMatch(/table\.lanes tr \{ break-inside: avoid; \}/);
    // the time axis is a table header, repeated on every printed page of the timeline
    expect(section(html, 'timeline')).toMatch(/<thead><tr><th class="who"><\/th><th class="lane"><svg class="axis" viewBox="0 0 900 /);
  });

  it('scales the lanes to the page width: every lane is an SVG with a view box and no fixed size', () => {
    const tl = section(html, 'timeline');
    const svgs = [...tl.slice(tl.indexOf('<table class="lanes">')).matchAll(/<svg [^>]*>/g)].map((m) => m[0]);
    expect(svgs.length).toBe(1 + 6);
    for (const s of svgs) {
      expect(s).toMatch(/viewBox="0 0 900 \d+(\.\d+)?"/);
      expect(s).not.toMatch(/\b(width|height)=/);
    }
    expect(html).toContain('table.lanes svg { display: block; width: 100%; height: auto;');
  });

  it('writes headings in Vietnamese by default, with <html lang="vi">', () => {
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<h2>Tóm tắt đơn vị</h2>');
    expect(html).toContain('<h2>Dòng thời gian theo công chức</h2>');
    expect(html).toContain('<h2>Hồ sơ</h2>');
    expect(html).toContain('<h2>Phiếu điểm từng công chức</h2>');
  });
});

describe('the HTML report in English', () => {
  const { html } = render('scenarios/slow-step-late.yaml', 'en');

  it('writes headings and the summary in English, and still gives every reason in both languages', () => {
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h2>Unit summary</h2>');
    expect(html).toContain('<h2>Timeline by official</h2>');
    expect(html).toContain('<h2>Score card of each official</h2>');
    expect(text(section(html, 'summary'))).toContain('15 minutes per dossier per step (per-dossier)');
    const c = card(html, 'Nguyễn Văn Hậu');
    expect(c).toContain('Fail');
    expect(c).toContain(`<span lang="en">${REASONS.caused_late_dossier.en}</span><span class="other" lang="vi">${REASONS.caused_late_dossier.vi}</span>`);
    expect(text(lane(html, 'Nguyễn Văn Hậu'))).toContain('risk 16:30');
    expect(text(section(html, 'timeline'))).toContain('Due 17:00');
  });
});

describe('the HTML report of other sessions', () => {
  it('renders the full commune: 18 lanes, 18 dossiers, everyone passes, no risk marker', () => {
    const run = render('scenarios/commune-full.yaml');
    const html = run.html;
    expect(section(html, 'timeline').split('<tr>').length - 2).toBe(18);
    expect(section(html, 'dossiers').split('<tr class="ok">').length - 1).toBe(18);
    expect(section(html, 'cards').split('<article class="card pass">').length - 1).toBe(18);
    for (const o of run.result.officials) expect(lane(html, o.name)).not.toContain('class="risk-mark"');
    expect(text(section(html, 'summary'))).toContain('Đủ số hồ sơ tối thiểu');
  });

  it("shows a wait for the submitter's supplement in the submitter's lane", () => {
    const { html } = render('scenarios/invalid-dossier-supplement.yaml');
    expect(lane(html, 'Phan Văn Xuân')).toMatch(/<rect class="bar wait"[^>]*><title>HS-201 · Tiếp nhận hồ sơ · Chờ người nộp bổ sung · 08:10–08:20/);
  });

  it('lists readiness gaps with the official, in both languages, and refused actions with the reason scoring gave', () => {
    const { html } = render('scenarios/exempt-readiness.yaml', 'en');
    const s = text(section(html, 'summary'));
    for (const code of ['templates_not_configured', 'not_ready_signature', 'not_ready_payment_app'] as const) {
      expect(s).toContain(REASONS[code].en);
      expect(s).toContain(REASONS[code].vi);
    }
    expect(s).toContain('Lê Thị Hồng (pct)');
    const refused = text(section(html, 'dossiers').slice(section(html, 'dossiers').indexOf('<table class="refused">')));
    expect(refused).toContain('Stamp and return the result HS-507');
    expect(refused).toContain(REASONS.returned_without_payment.en);
    // a flag that would rise after the session is named beside the timeline
    expect(text(section(html, 'timeline'))).toContain('HS-507: risk 16:45 (after the session ends) · Due 17:00');
  });

  it('without the trace, still draws the steps officials completed', () => {
    const { html, result } = render('scenarios/slow-step-late.yaml', 'vi', false);
    const steps = result.officials.reduce((n, o) => n + o.steps.length, 0);
    expect(section(html, 'timeline').split('<rect class="bar ').length - 1).toBeGreaterThanOrEqual(steps);
    expect(lane(html, 'Nguyễn Văn Hậu')).toContain('<title>HS-101 · Ký số và chuyển phát hành · 14:50–16:20 (90 phút)</title>');
  });
});

describe('names and texts from the input', () => {
  const HOSTILE = `unit:
  name: "<script>alert(1)</script>"
  district: "\\"&'"
date: "2024-09-17"
start: "08:00"
officials:
  - { id: ct, name: "<script>alert(1)</script>", role: CT }
  - { id: vptk, name: "\\"&'", role: VP-TK }
  - { id: tpht, name: "Võ <b>Thị</b> Phương", role: TP-HT }
  - { id: "k\\"><img src=x onerror=alert(2)>", name: Lý Thị Hạnh, role: KCT, assessed: false, status: other, notAssessedReason: "<i>bận</i> & \\"đi công tác\\"" }
dossiers:
  - { code: "HS-<b>1</b>", owner: vptk, procedure: A, assign: { sign: ct } }
timeline:
  - { at: "08:01", official: vptk, action: submit, dossier: "HS-<b>1</b>" }
  - { at: "08:02", official: vptk, action: pay, dossier: "HS-<b>1</b>" }
  - { at: "08:02", official: vptk, action: save_receipt, dossier: "HS-<b>1</b>" }
  - { at: "08:03", official: vptk, action: receive, dossier: "HS-<b>1</b>" }
  - { at: "08:05", official: tpht, action: appraise, dossier: "HS-<b>1</b>" }
  - { at: "08:40", official: ct, action: sign, dossier: "HS-<b>1</b>" }
  - { at: "08:45", official: vptk, action: return, dossier: "HS-<b>1</b>" }
`;

  it('escapes a roster name like <script>alert(1)</script> and "&\' so they show as text and never run', () => {
    const html = renderText(HOSTILE);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>Thị</b>');
    expect(html).not.toContain('<b>1</b>');
    expect(html).not.toContain('<i>bận</i>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&amp;&#39;');
    expect(html).toContain('<title>Báo cáo phiên đánh giá · &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    // and they read back exactly as typed: in lanes, cards and the dossier table
    const page = text(html);
    expect(page).toContain('<script>alert(1)</script>');
    expect(page).toContain(`, "&'`);
    expect(page).toContain('Võ <b>Thị</b> Phương');
    expect(page).toContain('HS-<b>1</b>');
    expect(page).toContain('không đánh giá: <i>bận</i> & "đi công tác"');
    expect(page).toContain('k"><img src=x onerror=alert(2)>');
  });

  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });
});

/** The bundled scenarios, read once from disk and served from memory, as in test/cli/main.test.ts. */
const BUNDLED = new Map(
  readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [`scenarios/${f}`, readFileSync(join(ROOT, 'scenarios', f), 'utf8')] as const),
);

function fakeIO() {
  const files = new Map<string, string>(BUNDLED);
  const io = {
    files,
    out: '',
    err: '',
    cwd: ROOT,
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readFile: async (p: string) => {
      const t = files.get(normalize(p));
      if (t === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT', path: p });
      return t;
    },
    writeFile: async (p: string, t: string) => void files.set(normalize(p), t),
    resolve: (from: string, p: string) => (isAbsolute(p) ? p : join(dirname(from), p)),
  } satisfies CliIO & { files: Map<string, string>; out: string; err: string };
  return io;
}

describe('tthc run --format html', () => {
  it('writes the HTML report to --out and prints nothing on stdout', async () => {
    const io = fakeIO();
    const code = await runCli(['run', 'scenarios/slow-step-late.yaml', '--format', 'html', '--out', 'out/report.html'], io);
    expect(code).toBe(0);
    expect(io.out).toBe('');
    expect(io.err).toBe('Đã ghi báo cáo out/report.html\n');
    const html = io.files.get(normalize('out/report.html'));
    expect(html).toBeDefined();
    expect(html!.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html!.trimEnd().endsWith('</html>')).toBe(true);
    // the CLI passes the trace: the never-approved HS-106 is drawn open in the Chair's lane
    expect(lane(html!, 'Nguyễn Văn Hậu')).toContain('class="open-end late"');
  });

  it('follows --lang en and --time-box per-official, and says which reading it used', async () => {
    const io = fakeIO();
    const code = await runCli(['run', 'scenarios/slow-step-late.yaml', '--format', 'html', '--lang', 'en', '--time-box', 'per-official'], io);
    expect(code).toBe(0);
    expect(io.out).toContain('<html lang="en">');
    expect(text(section(io.out, 'summary'))).toContain('15 minutes per official per step, for all their dossiers of that step (per-official)');
    // the Chair's window at the signature step covers three dossiers
    expect(text(card(io.out, 'Nguyễn Văn Hậu'))).toMatch(/Sign digitally and send for issue 15:05 125\/15 min · 3 dossiers/);
  });

  it('names html among the formats in its help', async () => {
    const io = fakeIO();
    await runCli(['run', '--help'], io);
    expect(io.out).toContain('--format table|json|csv|html');
  });
});
