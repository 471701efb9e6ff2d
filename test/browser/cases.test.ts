// 12345 工单 for staff in a real browser against a real server: the hotline agent files a case from the console
// with the keyboard (caller number, nature by digit, category by pinyin initials, place from the gazetteer,
// Ctrl+Enter) and gets its number; the dispatcher finds it in the queue and dispatches it to 姑苏区城管局; the
// handler signs for it and asks for an extension, which the dispatcher approves from the pending requests; the
// handler submits the result with a photo; the detail shows the whole timeline; a stale write is refused as
// 工单已被他人更新; the list finds the case by keyword and exports the filter.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type RunningBrowser, type RunningServer, startBrowser, startServer } from './harness';

const ADMIN_PASSWORD = 'Str0ng#Pass2026-cases';
const DEMO_PASSWORD = 'OneCity@Demo2026';
const PHONE = '13912345678';
const DESCRIPTION = `观前街北口井盖缺失，行人险些踩空，请尽快处理（浏览器测试 ${Date.now() % 100000}）`;
const HANDLER_DEPT = 'CGJ-320508'; // 姑苏区城市管理局 — the demo handler's department
// A 1×1 PNG: the photo the handler attaches to the result.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let server: RunningServer;
let browser: RunningBrowser;
let page: Page;
let caseNo = '';
let caseId = 0;

async function shot(name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(ARTIFACTS, `cases-${name}.png`), fullPage });
}

async function signIn(username: string): Promise<void> {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

async function signOut(): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // CASES_BROWSER_URL points the test at a server already running (while working on the pages); the default
  // starts a fresh one like every browser test.
  const url = process.env.CASES_BROWSER_URL;
  server = url ? { baseUrl: url, log: () => '', stop: async () => {} } : await startServer(ADMIN_PASSWORD);
  browser = await startBrowser();
  page = browser.page;
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.stop();
  await server?.stop();
});

describe('12345 工单 (staff)', () => {
  it('the agent files a case from the keyboard and gets its number', async () => {
    await signIn('agent');
    await page.getByTestId('nav-cases-intake').click();
    await page.waitForURL(/\/cases\/intake$/);

    // The caller's number has the focus as the page opens.
    await page.getByTestId('intake-phone').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('intake-phone');
    await page.keyboard.type(PHONE);
    await page.keyboard.press('Tab');
    await page.keyboard.type('王先生');

    // Category by pinyin initials: Alt+K, "jg", Enter takes the first hit (突发事件 › 井盖缺失).
    await page.keyboard.press('Alt+k');
    await page.keyboard.type('jgqs');
    await page.getByTestId('category-hit-SJ-04-02').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('intake-category-picked').textContent()).toContain('井盖缺失');
    // The nature: digits while the group has focus (2 = 求助).
    await page.getByTestId('intake-nature').locator('input').first().focus();
    await page.keyboard.press('2');
    await expect(
      await page.getByTestId('intake-nature').locator('.ant-radio-button-wrapper-checked').textContent(),
    ).toContain('求助');
    // The required attribute of this 小类, rendered by its datatype (a single-value list).
    await page.getByTestId('attr-cover_state').click();
    await page.keyboard.type('缺失');
    await page.keyboard.press('Enter');

    // The place from the gazetteer: Alt+A, a grid of 观前社区, located into grid / community / street / district.
    await page.keyboard.press('Alt+a');
    await page.keyboard.type('观前社区01');
    await page.getByTestId('search-hit-32050801803601').click();
    await page.getByTestId('intake-located').waitFor();
    expect(await page.getByTestId('intake-located').textContent()).toContain('姑苏区');
    await page.getByTestId('intake-address').fill('观前街北口');

    await page.keyboard.press('Alt+d');
    await page.keyboard.type(DESCRIPTION);
    await page.getByTestId('caller-history').waitFor();
    await page
      .getByTestId('duplicates-panel')
      .getByText(/附近没有|并入此件/)
      .first()
      .waitFor();
    await shot('01-intake-filled');

    // Ctrl+Enter files it; a second Ctrl+Enter on the same form could only return the same case (Idempotency-Key).
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('intake-case-no').waitFor();
    caseNo = ((await page.getByTestId('intake-case-no').textContent()) ?? '').trim();
    expect(caseNo).toMatch(/^\d{8}-\d{7}$/);
    await shot('02-intake-filed');

    await page.getByRole('link', { name: /查看工单/ }).click();
    await page.waitForURL(/\/cases\/\d+$/);
    caseId = Number(/\/cases\/(\d+)$/.exec(page.url())?.[1]);
    expect(await page.getByTestId('detail-case-no').textContent()).toContain(caseNo);
    // The reporter is masked until 查看完整号码 (audited on the server).
    expect(await page.getByTestId('detail-reporter').textContent()).not.toContain(PHONE);
    await page.getByTestId('reveal').click();
    await expect.poll(() => page.getByTestId('detail-reporter').textContent()).toContain(PHONE);

    // The next call starts on an empty form with the number focused.
    await page.goto(`${server.baseUrl}/cases/intake`);
    await page.getByTestId('intake-phone').waitFor();
    expect(await page.getByTestId('intake-phone').inputValue()).toBe('');
    await signOut();
  });

  it('the agent answers a consultation on the call (直接办结) and merges a repeat call into the first case', async () => {
    await signIn('agent');
    await page.goto(`${server.baseUrl}/cases/intake`);
    const fill = async (phone: string, text: string) => {
      await page.getByTestId('intake-phone').fill(phone);
      await page.keyboard.press('Alt+k');
      await page.keyboard.type('jgqs');
      await page.getByTestId('category-hit-SJ-04-02').waitFor();
      await page.keyboard.press('Enter');
      await page.getByTestId('attr-cover_state').click();
      await page.keyboard.type('缺失');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Alt+a');
      await page.keyboard.type('观前社区01');
      await page.getByTestId('search-hit-32050801803601').click();
      await page.getByTestId('intake-located').waitFor();
      await page.getByTestId('intake-description').fill(text);
    };
    const confirm = () => page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();

    // A consultation closed with the knowledge base's standard answer.
    await fill('13800001111', '请问马路上井盖缺失应该找哪个部门？');
    const answer = page.getByTestId('knowledge-panel').getByRole('button', { name: '直接办结' }).first();
    await answer.waitFor();
    await shot('01b-knowledge');
    await answer.click();
    await confirm();
    await page.getByText('已直接办结').waitFor();
    const answeredNo = ((await page.getByTestId('intake-case-no').textContent()) ?? '').trim();
    expect(answeredNo).toMatch(/^\d{8}-\d{7}$/);
    await page.getByTestId('intake-next').press('Enter');

    // A repeat call about the same cover: the first case is suggested as a duplicate; 并入此件 files and merges.
    await page.getByTestId('intake-phone').waitFor();
    await fill('13800002222', '观前街北口的井盖还是缺失，行人险些踩空');
    // (On a fresh server the only candidate is the first case; take the best-ranked one either way.)
    const into = page.getByTestId('duplicates-panel').locator('[data-testid^="merge-into-"]').first();
    await into.waitFor();
    const masterId = Number((await into.getAttribute('data-testid'))?.replace('merge-into-', ''));
    await shot('01c-duplicates');
    await into.click();
    await confirm();
    await page.getByText(/^已并入 \d{8}-\d{7}$/).waitFor();
    const master = await page.evaluate(async (id) => await (await fetch(`/api/v1/cases/${id}`)).json(), masterId);
    expect(master.related.merged.length).toBeGreaterThan(0);
    const list = await page.evaluate(
      async (q) => (await (await fetch(`/api/v1/cases?q=${encodeURIComponent(q)}`)).json()).items,
      answeredNo,
    );
    expect(list.map((c: { status: string }) => c.status)).toEqual(['closed']);
    await signOut();
  });

  it('the dispatcher sees it in the queue and dispatches it to 姑苏区城管局', async () => {
    await signIn('dispatcher');
    await page.getByTestId('nav-cases-dispatch').click();
    await page.waitForURL(/\/cases\/dispatch$/);
    const row = page.getByTestId('dispatch-table').locator('tr.ant-table-row', { hasText: caseNo });
    await row.waitFor();
    // Why this department (or that no rule matched) is one click away.
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('why').first().waitFor();
    await row.locator('.ant-checkbox-input').check();

    await page.getByTestId('dispatch-department').click();
    await page.keyboard.type(HANDLER_DEPT);
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '姑苏区城市管理局' }).first().click();
    await shot('03-dispatch');
    await page.getByTestId('dispatch-selected').click();
    await page.getByText('已派遣 1 件').waitFor();
    await expect.poll(() => row.count()).toBe(0);
    await signOut();
  });

  it('the handler signs for it and asks for an extension, which the dispatcher approves', async () => {
    await signIn('handler');
    await page.getByTestId('nav-cases-inbox').click();
    await page.waitForURL(/\/cases\/inbox$/);
    await page.getByTestId(`inbox-sign-${caseId}`).click();
    await page.getByTestId(`inbox-handle-${caseId}`).waitFor();
    await shot('04-inbox');

    await page.getByTestId(`inbox-extension-${caseId}`).click();
    await page.getByTestId('action-form-requestExtension').waitFor();
    const until = page.getByTestId('action-form-requestExtension').locator('.ant-picker input');
    await until.click();
    await until.fill('2026-12-31 17:00:00');
    await until.press('Enter');
    await page.getByTestId('action-reason').fill('需协调供水公司确认井盖权属，申请延期');
    await page.getByTestId('action-ok').click();
    await page.getByText('已完成：申请延期').waitFor();
    await signOut();

    await signIn('dispatcher');
    await page.getByTestId('nav-cases-dispatch').click();
    const request = page.getByTestId('pending-requests').locator('.ant-list-item', { hasText: caseNo });
    await request.waitFor();
    expect(await request.textContent()).toContain('延期');
    await shot('05-pending-request');
    await request.getByRole('button', { name: '同意', exact: true }).click();
    await page.getByText('已完成：延期审批').waitFor();
    await expect.poll(() => request.count()).toBe(0);
    await signOut();
  });

  it('the handler submits the result with a photo; the detail shows the timeline', async () => {
    await signIn('handler');
    await page.getByTestId('nav-cases-inbox').click();
    await page.getByTestId(`inbox-handle-${caseId}`).click();
    await page.getByTestId('action-result').fill('已补装井盖并设置警示，现场恢复通行。');
    await page.getByTestId('action-photos').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForTimeout(300);
    await page.getByTestId('action-ok').click();
    await page.getByText('已完成：处置反馈').waitFor();
    await expect.poll(() => page.getByTestId(`inbox-handle-${caseId}`).count()).toBe(0);

    await page.goto(`${server.baseUrl}/cases/${caseId}`);
    await page.getByTestId('detail-timeline').waitFor();
    await expect.poll(() => page.getByTestId('timeline-entry').count()).toBeGreaterThanOrEqual(6);
    const timeline = (await page.getByTestId('detail-timeline').textContent()) ?? '';
    for (const step of ['受理登记', '立案', '派遣', '签收', '申请延期', '延期审批', '处置反馈'])
      expect(timeline).toContain(step);
    expect(await page.getByTestId('case-status').first().textContent()).toBe('待核查');
    expect(await page.getByTestId('detail-photos').locator('img').count()).toBe(1);
    await shot('06-detail', true);
    await signOut();
  });

  it('a stale write is refused as 工单已被他人更新 and the page reloads', async () => {
    await signIn('dispatcher');
    await page.goto(`${server.baseUrl}/cases/${caseId}`);
    await page.getByTestId('action-close').waitFor();
    // Someone else writes to the case after this page read it (an internal note bumps its version).
    const status = await page.evaluate(async (id) => {
      const me = await (await fetch('/api/v1/auth/me')).json();
      const d = await (await fetch(`/api/v1/cases/${id}`)).json();
      const r = await fetch(`/api/v1/cases/${id}/actions/addNote`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({ expectedVersion: d.version, note: '另一位值班长的备注' }),
      });
      return r.status;
    }, caseId);
    expect(status).toBe(200);
    await page.getByTestId('action-close').click();
    await page.getByTestId('action-ok').click();
    await page.getByText('工单已被他人更新，已重新加载').waitFor();
    await expect.poll(() => page.getByTestId('detail-timeline').textContent()).toContain('另一位值班长的备注');
    // With the fresh version the same action goes through.
    await page.getByTestId('action-close').click();
    await page.getByTestId('action-ok').click();
    await page.getByText('已完成：结案').waitFor();
    await expect.poll(() => page.getByTestId('case-status').first().textContent()).toBe('已结案');
  });

  it('the list finds it by keyword and exports the filter', async () => {
    await page.getByTestId('nav-cases-list').click();
    await page.waitForURL(/\/cases$/);
    await page.getByTestId('case-total').waitFor();
    const all = (await page.getByTestId('case-total').textContent()) ?? '';
    await shot('07-list');
    await page.getByTestId('filter-q').locator('input').fill(caseNo);
    await page.getByTestId('filter-q').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('case-total').textContent()).toBe('共 1 件');
    expect(all).not.toBe('共 1 件');
    expect(await page.getByTestId('case-table').locator('tr.ant-table-row').count()).toBe(1);
    expect(await page.getByTestId('case-link').first().textContent()).toBe(caseNo);

    const xlsx = page.waitForEvent('download');
    await page.getByTestId('export-xlsx').click();
    const file = await xlsx;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const csv = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const csvFile = await csv;
    expect(csvFile.suggestedFilename()).toMatch(/\.csv$/);
    const csvPath = await csvFile.path();
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(csvPath, 'utf8');
    expect(text).toContain(caseNo);
    expect(text).not.toContain(PHONE); // masked in the export
    await shot('08-list-filtered');
  });
});
