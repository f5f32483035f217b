import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';
import { running, startRehearse as startTthc } from './support/process.js';

// Drives `tthc rehearse` as a trainer would: the real CLI in its own process, the page in
// headless Chromium (Debian's package; playwright-core downloads no browser).

const CHROMIUM = '/usr/bin/chromium';
const FIXTURE = 'test/fixtures/rehearse-late.yaml';
const hasChromium = existsSync(CHROMIUM);
const title = hasChromium
  ? 'the rehearsal board in a browser'
  : `the rehearsal board in a browser (SKIPPED: ${CHROMIUM} is missing; install it with: apt-get install -y --no-install-recommends chromium)`;

const dir = mkdtempSync(join(tmpdir(), 'tthc-e2e-'));
let context: BrowserContext | undefined;
afterAll(async () => {
  await context?.close();
  for (const p of running) p.kill('SIGKILL');
});

/** What the board shows that does not move with the clock: where each dossier is, the alerts, the recent actions. */
async function boardState(page: Page) {
  return page.evaluate(() => ({
    cards: [...document.querySelectorAll('[data-dossier]')].map(
      (c) => `${c.getAttribute('data-dossier')} ${c.getAttribute('data-column')} ${c.getAttribute('data-status')}`,
    ),
    alerts: [...document.querySelectorAll('[data-alert] h2')].map((h) => h.textContent),
    recent: [...document.querySelectorAll('#recent tr')].map((r) => r.textContent),
    journal: document.getElementById('journal')!.textContent,
  }));
}

/** Records one action through the page's form and waits for the answer. */
async function recordWithForm(page: Page, official: string, action: string, dossier: string) {
  await page.selectOption('#f-official', official);
  await page.selectOption('#f-action', action);
  await page.selectOption('#f-dossier', dossier);
  await page.click('#rec');
  await page.waitForFunction(() => !/Đang ghi/.test(document.getElementById('msg')!.textContent ?? ''));
  return { cls: await page.getAttribute('#msg', 'class'), text: await page.textContent('#msg') };
}

describe.skipIf(!hasChromium)(title, () => {
  it('records actions from the page, raises the at-risk alert before the due time, and comes back the same after a crash', async () => {
    const journal = join(dir, 'hoa-tu.journal.jsonl');
    const report = join(dir, 'hoa-tu.report.html');
    // 600x: ten simulated minutes per second; HS-201's flag rises at 16:15, 8 s in, and it is due at 17:00
    let server = await startTthc([FIXTURE, '--speed', '600', '--port', '0', '--journal', journal, '--report', report]);
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tthc-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1600, height: 1000 },
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);

    // the dry run plays the scenario's timeline: HS-201 is received and waits for appraisal
    await page.waitForSelector('[data-dossier="HS-201"][data-column="appraise"]');

    // the trainer records HS-202's way through the form and the card's own buttons
    expect(await recordWithForm(page, 'tpht', 'submit', 'HS-202')).toMatchObject({ cls: 'ok', text: expect.stringContaining('Đã ghi') });
    await page.click(`[data-dossier="HS-202"] button[data-act*='"action":"pay"']`);
    await page.waitForSelector(`[data-dossier="HS-202"] button[data-act*='"action":"save_receipt"']`);
    await page.click(`[data-dossier="HS-202"] button[data-act*='"action":"receive"']`);
    await page.waitForSelector('[data-dossier="HS-202"][data-column="appraise"]');

    // an action the procedure refuses is recorded and shown with its reason
    const refused = await recordWithForm(page, 'tckt', 'appraise', 'HS-201');
    expect(refused.cls).toBe('refused');
    expect(refused.text).toContain('Hệ thống từ chối');
    expect(refused.text).toContain('Thực hiện thao tác không đúng vai trò được phân quyền');
    // a malformed one is refused with a message and not recorded
    await page.selectOption('#f-official', '');
    await page.click('#rec');
    await page.waitForSelector('#msg.error');
    expect(await page.textContent('#msg')).toContain('chưa chọn công chức');

    // the alert: HS-201 is still at appraisal at 16:15
    // read in the page the moment the alert is drawn, so a slow machine cannot blur the order
    const seenAt = await page.waitForFunction(
      () => document.querySelector('[data-alert="HS-201"]') && document.getElementById('clock')!.textContent,
      undefined,
      { timeout: 20_000 },
    );
    expect(String(await seenAt.jsonValue()) < '17:00').toBe(true);
    const alertText = (await page.textContent('[data-alert="HS-201"]'))!;
    expect(alertText).toContain('HS-201 · Nguy cơ trễ hạn từ 16:15');
    expect(alertText).toContain('Hạn trả due 17:00');
    expect(alertText).toContain('Xử lý, thẩm định hồ sơ trước 16:30');
    expect(alertText).toContain('Ký số và chuyển phát hành trước 16:45');
    expect(alertText).toContain('Đóng dấu và trả kết quả trước 17:00');
    await page.screenshot({ path: join(dir, 'board-at-risk.png'), fullPage: true });
    const before = await boardState(page);
    expect(before.journal).toBe('8');

    // a crash: the process is killed outright, then started again on the same journal and port
    server.proc.kill('SIGKILL');
    await once(server.proc, 'exit');
    await page.waitForSelector('#conn.down');
    const drawn = Number(await page.getAttribute('body', 'data-renders'));
    const address = server.url;
    server = await startTthc([FIXTURE, '--speed', '600', '--port', String(server.port), '--journal', journal, '--report', report]);
    expect(server.out()).toContain('8 actions restored');
    // the same address, token included: the page left open may reconnect
    expect(server.url).toBe(address);
    // the open page reconnects by itself and shows the same session
    await page.waitForSelector('#conn:not(.down)', { state: 'attached', timeout: 10_000 });
    await page.waitForFunction((n) => Number(document.body.getAttribute('data-renders')) > n, drawn);
    expect(await boardState(page)).toEqual(before);
    await page.reload();
    await page.waitForSelector('[data-alert="HS-201"]');
    expect(await boardState(page)).toEqual(before);

    // the journal is a log `tthc replay` reads cleanly
    const out: string[] = [];
    expect(
      await runCli(['replay', journal, '--format', 'json'], { ...nodeIO(), stdout: (t) => void out.push(t), stderr: () => undefined, interactive: false }),
    ).toBe(0);
    expect(JSON.parse(out.join('')).log).toMatchObject({ rows: 8, events: 8, badRows: 0, dossiers: 2 });

    // "Finish" writes the HTML report
    page.on('dialog', (d) => void d.accept());
    await page.click('#finish');
    await page.waitForFunction(() => /Đã ghi báo cáo/.test(document.getElementById('msg')!.textContent ?? ''));
    expect(readFileSync(report, 'utf8')).toContain('HS-201');
    await page.waitForSelector('#ended.on');

    // Ctrl+C (SIGTERM here) stops it cleanly
    server.proc.kill('SIGTERM');
    const [code] = await once(server.proc, 'exit');
    expect(code).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
