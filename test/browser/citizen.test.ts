// The cases module's field side in a real browser against a real server, at phone size (390×844): a citizen
// files a report with a photo and a map point and gets a number, then follows it by number + last 4 phone
// digits without an account (wrong digits get the not-found message); a grid worker files a 'grid' report with a
// photo and the phone's GPS; the admin edits a 小类's time limit and asks the route tester who would get a case.
// Screenshots of every page go to test-artifacts/browser/citizen-*.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, apiAs as signedInApi, pngFixture } from './citizen-support';
import { ARTIFACTS, type RunningBrowser, type RunningServer, startBrowser, startServer } from './harness';

const ADMIN_PASSWORD = 'Str0ng#Pass2026-citizen';
const DEMO_PASSWORD = 'OneCity@Demo2026';
const PHONE = '13912345678';
const PHONE_LAST4 = '5678';
/** Inside 姑苏区 (demo city), where the demo grid worker works. */
const GPS = { latitude: 31.312, longitude: 120.618 };
const PHONE_SIZE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 860 };
const POLL = { timeout: 20_000 };

let server: RunningServer;
let browser: RunningBrowser;
let page: Page;
let caseNo = '';
/** The grid worker's own report, walked to 核查 by the dispatcher and the handler through the API. */
let gridCase = { id: 0, caseNo: '' };

const apiAs = (username: string) => signedInApi(server.baseUrl, username, DEMO_PASSWORD);

/** Opens the 今日任务 entry of the grid worker's case. */
async function openTask(): Promise<void> {
  await page.goto(`${server.baseUrl}/grid/tasks?tab=tasks`);
  const task = page.getByTestId('grid-task').filter({ hasText: gridCase.caseNo });
  await task.waitFor();
  await task.click();
  await page.getByTestId('grid-verify').waitFor();
}

async function shot(name: string, fullPage = true): Promise<void> {
  await page.waitForTimeout(500); // antd motion, Leaflet
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0)); // sticky headers stay on top in the capture
  await page.screenshot({ path: path.join(ARTIFACTS, `citizen-${name}.png`), fullPage });
}

async function signIn(username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function signOut(): Promise<void> {
  await browser.context.clearCookies();
}

/** Picks the first 小类 the category sheet finds for `query`. */
async function pickCategory(testId: string, query: string): Promise<string> {
  await page.getByTestId(testId).click();
  await page.getByTestId(`${testId}-search`).fill(query);
  const option = page.getByTestId('category-option').first();
  await option.waitFor();
  const text = (await option.textContent()) ?? '';
  await option.click();
  await expect.poll(async () => (await page.getByTestId(testId).textContent()) ?? '', POLL).toContain(query);
  return text;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer(ADMIN_PASSWORD);
  browser = await startBrowser();
  page = browser.page;
  page.setDefaultTimeout(20_000);
  await browser.context.grantPermissions(['geolocation'], { origin: server.baseUrl });
  await browser.context.setGeolocation(GPS);
});

afterAll(async () => {
  await browser?.stop();
  await server?.stop();
});

describe('citizens on a phone', () => {
  it('shows the citizen pages without staff chrome, and lets a visitor without an account pick a category', async () => {
    await page.setViewportSize(PHONE_SIZE);
    await page.goto(`${server.baseUrl}/report`);
    await page.getByTestId('citizen-layout').waitFor();
    expect(await page.getByTestId('sider').count()).toBe(0);
    expect(await page.getByTestId('nav-toggle').count()).toBe(0);
    // The category list is public (GET /api/v1/citizen/categories): no sign-in needed to report.
    await page.getByTestId('category-picker').click();
    await page.getByTestId('category-top').first().waitFor();
    expect(await page.getByText('选择类别需要先登录').count()).toBe(0);
    await page.keyboard.press('Escape');
    await shot('01-report-visitor');
  });

  it('files a report with a photo and a map point and answers with a big case number', async () => {
    await page.getByTestId('citizen-login').click();
    await page.waitForURL(/\/login/);
    await signIn('citizen', DEMO_PASSWORD);
    await page.waitForURL(/\/report$/);
    await page.getByTestId('citizen-tab-mine').waitFor();

    // Submitting empty says what is missing, next to each field.
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-problem-category').waitFor();
    await page.getByTestId('report-problem-description').waitFor();
    await page.getByTestId('report-problem-location').waitFor();

    // The sheet: 大类 tiles first; the search finds 小类 by name or pinyin initials.
    await page.getByTestId('category-picker').click();
    await page.getByTestId('category-top').first().waitFor();
    await shot('02-category-sheet', false);
    await page.keyboard.press('Escape');
    await pickCategory('category-picker', '井盖缺失');
    // The 小类 asks its own question (a required attribute); skipping it is refused in the form.
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-problem-attributes').waitFor();
    await page.getByTestId('attribute-cover_state').getByText('破损').click();

    await page.getByTestId('report-description').fill('人民路口井盖破损，晚上行人容易踩空，请尽快处理。');
    await page
      .getByTestId('photo-input')
      .setInputFiles({ name: 'manhole.png', mimeType: 'image/png', buffer: pngFixture() });
    await page.getByTestId('photo-thumb').first().waitFor();
    // The photo was resized and re-encoded in the browser before upload.
    expect(await page.getByTestId('photo-thumb').first().getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);

    // The signed-in citizen's map is fitted to the city outline: its middle is in town.
    const map = page.getByTestId('location-map');
    await page.locator('[data-testid=location-map] .leaflet-overlay-pane path').first().waitFor();
    await page.waitForTimeout(600);
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect
      .poll(async () => (await page.getByTestId('location-point').textContent()) ?? '', POLL)
      .toContain('已标记');
    await page.getByTestId('report-phone').fill(PHONE);
    await page.getByTestId('report-name').fill('郑市民');
    await shot('03-report-filled');

    // A double tap sends two requests with one Idempotency-Key: one case.
    const creates: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/citizen/cases'))
        creates.push(r.headers()['idempotency-key'] ?? '');
    });
    await page.getByTestId('report-submit').dblclick();
    await page.getByTestId('report-filed').waitFor();
    caseNo = ((await page.getByTestId('report-case-no').textContent()) ?? '').trim();
    expect(caseNo).toMatch(/^\d{8}-\d{7}$/);
    await expect(page.getByTestId('report-filed-hint').textContent()).resolves.toContain('我的诉求');
    expect(new Set(creates).size).toBe(1);
    await shot('04-report-filed');

    const mine = await page.request.get(`${server.baseUrl}/api/v1/citizen/cases`);
    const items = (await mine.json()).items as { caseNo: string }[];
    expect(items.filter((c) => c.caseNo === caseNo)).toHaveLength(1);
  });

  it('lists the case under 我的诉求 and opens its progress', async () => {
    await page.getByTestId('citizen-tab-mine').click();
    await page.getByTestId('mine-item').first().waitFor();
    expect(await page.getByTestId('mine-item').first().textContent()).toContain(caseNo);
    await shot('05-my-cases');
    await page.getByTestId('mine-item').first().click();
    await page.getByTestId('track-timeline').waitFor();
    await shot('06-my-case');
  });

  it('tracks the case by number + last 4 digits without an account; wrong digits are not found', async () => {
    await signOut();
    await page.goto(`${server.baseUrl}/track`);
    await page.getByTestId('track-case-input').fill(caseNo);
    await page.getByTestId('track-last4').fill('0000');
    await page.getByTestId('track-submit').click();
    await page.getByTestId('track-error').waitFor();
    expect(await page.getByTestId('track-error').textContent()).toContain('没有找到该诉求');
    expect(await page.getByTestId('track-result').count()).toBe(0);
    await shot('07-track-not-found');

    await page.getByTestId('track-last4').fill(PHONE_LAST4);
    await page.getByTestId('track-submit').click();
    await page.getByTestId('track-result').waitFor();
    expect(await page.getByTestId('track-case-no').textContent()).toBe(caseNo);
    expect(((await page.getByTestId('track-status').textContent()) ?? '').length).toBeGreaterThan(0);
    expect(await page.getByTestId('track-timeline').textContent()).toContain('诉求已提交');
    expect(await page.getByTestId('track-error').count()).toBe(0);
    await shot('08-track-found');
  });
});

describe('the grid worker on a phone', () => {
  it('files a grid report with a photo and the GPS position', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await signIn('gridworker', DEMO_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${server.baseUrl}/grid/tasks`);
    await page.getByTestId('grid-report').waitFor();
    // The GPS fix is taken as the page opens.
    await expect
      .poll(async () => (await page.getByTestId('grid-location-point').textContent()) ?? '', POLL)
      .toContain(GPS.latitude.toFixed(5));
    await page
      .getByTestId('grid-photo')
      .setInputFiles({ name: 'spot.png', mimeType: 'image/png', buffer: pngFixture(80, 60) });
    await page.getByTestId('photo-thumb').first().waitFor();
    await pickCategory('grid-category', '暴露垃圾');
    await page.getByTestId('attribute-volume_m3').locator('input').fill('2');
    await shot('09-grid-report');

    const filed = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/cases'));
    await page.getByTestId('grid-submit').click();
    const response = await filed;
    expect(response.status()).toBe(201);
    const body = (await response.json()) as { id: number; caseNo: string };
    gridCase = { id: body.id, caseNo: body.caseNo };
    await page.getByTestId('grid-filed').waitFor();
    expect(await page.getByTestId('grid-filed').textContent()).toContain(body.caseNo);

    const detail = await (await page.request.get(`${server.baseUrl}/api/v1/cases/${body.id}`)).json();
    expect(detail.channel).toBe('grid');
    expect(detail.location.lat).toBeCloseTo(GPS.latitude, 4);
    expect(detail.location.lng).toBeCloseTo(GPS.longitude, 4);
    expect(detail.location.gridCode).toMatch(/^320508/);
    expect(detail.attachments).toHaveLength(1);
    expect(detail.attachments[0].mime).toBe('image/jpeg');
    await shot('10-grid-filed', false);
  });

  it('checks a handled case on site: 未整改 sends it back, 已整改 after the rework', async () => {
    // The centre and the department take it to 处置反馈 (their own pages are tested elsewhere).
    const dispatcher = await apiAs('dispatcher');
    const handler = await apiAs('handler');
    const photo = { filename: 'result.png', mime: 'image/png', contentBase64: pngFixture(40, 30).toString('base64') };
    await act(dispatcher, gridCase.id, 'accept');
    await act(dispatcher, gridCase.id, 'register');
    await act(dispatcher, gridCase.id, 'dispatch');
    await act(handler, gridCase.id, 'sign');
    expect(await act(handler, gridCase.id, 'submitResult', { result: '已清运垃圾', photos: [photo] })).toBe('handled');

    await openTask();
    expect(await page.getByTestId('grid-result-text').textContent()).toContain('已清运垃圾');
    await page.getByTestId('grid-result-photos').locator('img').first().waitFor();
    await page
      .getByTestId('grid-verify-photo')
      .setInputFiles({ name: 'check.png', mimeType: 'image/png', buffer: pngFixture() });
    await page.getByTestId('photo-thumb').first().waitFor();
    await shot('12-grid-verify');
    await page.getByTestId('grid-not-fixed').click();
    // No reason, no 返工.
    expect(await page.getByTestId('grid-confirm-not-fixed').isDisabled()).toBe(true);
    await page.getByTestId('grid-reason').fill('路边仍有两袋垃圾未清运');
    await shot('13-grid-not-fixed', false);
    await page.getByTestId('grid-confirm-not-fixed').click();
    await page.getByText('已核查：未整改，已退回返工').waitFor();
    const reworked = (await (await page.request.get(`${server.baseUrl}/api/v1/cases/${gridCase.id}`)).json()) as {
      status: string;
      attachments: { stage: string }[];
    };
    expect(reworked.status).toBe('in_progress');
    expect(reworked.attachments.filter((a) => a.stage === 'verify')).toHaveLength(1);

    expect(await act(handler, gridCase.id, 'submitResult', { result: '已全部清运' })).toBe('handled');
    await openTask();
    await page.getByTestId('grid-fixed').click();
    await page.getByText('已核查：已整改').waitFor();
    const verified = (await (await page.request.get(`${server.baseUrl}/api/v1/cases/${gridCase.id}`)).json()) as {
      status: string;
    };
    expect(verified.status).toBe('verified');
    await page.waitForTimeout(500);
    expect(await page.getByTestId('grid-task').filter({ hasText: gridCase.caseNo }).count()).toBe(0);
    await shot('11-grid-tasks');
  });
});

describe('the notifications bell', () => {
  it('shows the handler the dispatch notice and opens the case from it', async () => {
    await signOut();
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.baseUrl}/login`);
    await signIn('handler', DEMO_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    // Notices are written by the outbox consumer after the commit: wait for them, then load a page.
    await expect
      .poll(async () => {
        const r = await page.request.get(`${server.baseUrl}/api/v1/notify/notifications/unread-count`);
        return ((await r.json()) as { unread: number }).unread;
      }, POLL)
      .toBeGreaterThan(0);
    await page.reload();
    await expect
      .poll(
        async () =>
          Number(
            (await page.getByTestId('bell-count').locator('.ant-scroll-number').first().getAttribute('title')) ?? 0,
          ),
        POLL,
      )
      .toBeGreaterThan(0);
    await page.getByTestId('bell').click();
    const item = page.getByTestId('bell-item').filter({ hasText: gridCase.caseNo }).first();
    await item.waitFor();
    await shot('14-bell', false);
    await item.click();
    await page.waitForURL(new RegExp(`/cases/${gridCase.id}$`));
  });
});

describe('the citizen rates the closed case', () => {
  it('rates it 不满意 / 未解决 by number + last 4 digits and asks to reopen', async () => {
    // The loop runs to 结案 through the API, with the right role at each step.
    const dispatcher = await apiAs('dispatcher');
    const handler = await apiAs('handler');
    const worker = await apiAs('gridworker');
    const me = (await handler('GET', '/api/v1/auth/me')) as { user: { departmentId: number } };
    const list = (await dispatcher('GET', `/api/v1/cases?q=${caseNo}`)) as { items: { id: number; caseNo: string }[] };
    const id = list.items.find((c) => c.caseNo === caseNo)!.id;
    await act(dispatcher, id, 'accept');
    await act(dispatcher, id, 'register');
    await act(dispatcher, id, 'dispatch', { mainDepartmentId: me.user.departmentId });
    await act(handler, id, 'sign');
    await act(handler, id, 'submitResult', { result: '已更换井盖' });
    await act(worker, id, 'verify', { fixed: true });
    expect(await act(dispatcher, id, 'close')).toBe('closed');

    await signOut();
    await page.setViewportSize(PHONE_SIZE);
    await page.goto(`${server.baseUrl}/track`);
    await page.getByTestId('track-case-input').fill(caseNo);
    await page.getByTestId('track-last4').fill(PHONE_LAST4);
    await page.getByTestId('track-submit').click();
    await page.getByTestId('track-rate').waitFor();
    expect(await page.getByTestId('track-result').textContent()).toContain('已更换井盖');
    expect(await page.getByTestId('rate-submit').isDisabled()).toBe(true);
    await page.getByTestId('rate-satisfaction').getByText('不满意').click();
    await page.getByTestId('rate-solved').getByText('未解决').click();
    await shot('08b-track-rate');
    await page.getByTestId('rate-submit').click();
    await page.getByTestId('track-reopen').waitFor();
    expect(await page.getByTestId('track-rate').count()).toBe(0);
    expect(await page.getByTestId('track-result').textContent()).toContain('不满意');

    await page.getByTestId('track-reopen').locator('textarea').fill('井盖仍然松动');
    await page.getByTestId('reopen-submit').click();
    await expect
      .poll(async () => (await page.getByTestId('track-status').textContent()) ?? '', POLL)
      .toContain('已转交承办部门');
    expect(await page.getByTestId('track-reopen').count()).toBe(0);
    await shot('08c-track-reopened');
  });
});

describe('the admin configures the case loop', () => {
  it('edits a 小类 time limit', async () => {
    await signOut();
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.baseUrl}/login`);
    await signIn('admin', ADMIN_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.getByTestId('nav-cases-config-categories').click();
    await page.waitForURL(/\/admin\/cases\/categories/);
    await page.getByTestId('category-filter').locator('input').fill('jg');
    await page.getByTestId('category-node').first().click();
    await page.getByTestId('category-editor').waitFor();
    const pinyin = (await page.getByTestId('category-pinyin').textContent()) ?? '';
    expect(pinyin.toLowerCase()).toContain('jg');
    const name = (await page.getByTestId('category-name').inputValue()).trim();

    const defaults = page.getByTestId('category-default-limits');
    if (await defaults.isChecked()) await defaults.click();
    await page.locator('input[data-testid=category-limit-normal], [data-testid=category-limit-normal] input').fill('3');
    await page.getByTestId('category-unit-normal').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '工作日' }).click();
    await shot('15-admin-category');
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().includes('/cases/config/categories/'),
    );
    await page.getByTestId('category-save').click();
    const response = await saved;
    expect(response.status()).toBe(200);
    const category = await response.json();
    expect(category.name).toBe(name);
    expect(category.timeLimits.normal).toEqual({ amount: 3, unit: 'working_days' });
    await page.getByText('已保存').first().waitFor();
  });

  it('answers the route tester with the deciding rule and why', async () => {
    await page.getByTestId('nav-cases-config-rules').click();
    await page.waitForURL(/\/admin\/cases\/rules/);
    await page.getByTestId('rules-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('tester-category').click();
    await page.keyboard.type('井盖');
    await page.locator('.ant-select-tree-treenode:visible', { hasText: '井盖' }).first().click();
    await page.locator('input[data-testid=tester-lat], [data-testid=tester-lat] input').fill(String(GPS.latitude));
    await page.locator('input[data-testid=tester-lng], [data-testid=tester-lng] input').fill(String(GPS.longitude));
    await page.getByTestId('tester-run').click();
    await page.getByTestId('tester-result').waitFor();
    expect(((await page.getByTestId('tester-reason').textContent()) ?? '').length).toBeGreaterThan(3);
    expect(((await page.getByTestId('tester-department').textContent()) ?? '').length).toBeGreaterThan(1);
    await shot('16-admin-rules');
  });

  it('shows the settings, knowledge base and notifications bell', async () => {
    await page.getByTestId('nav-cases-config-settings').click();
    await page.getByTestId('settings-form').waitFor();
    await shot('17-admin-settings');
    await page.getByTestId('nav-cases-config-knowledge').click();
    await page.getByTestId('knowledge-table').locator('tbody tr.ant-table-row').first().waitFor();
    await shot('18-admin-knowledge');
    await page.getByTestId('bell').click();
    await page.getByTestId('bell-panel').waitFor();
    await shot('19-bell-empty', false);
    await page.keyboard.press('Escape');
  });

  it('keeps the admin pages usable at phone size', async () => {
    await page.setViewportSize(PHONE_SIZE);
    for (const [i, p] of ['categories', 'rules', 'settings', 'knowledge'].entries()) {
      await page.goto(`${server.baseUrl}/admin/cases/${p}`);
      await page.locator('.oc-content').waitFor();
      await page.waitForTimeout(800);
      await shot(`${20 + i}-admin-${p}-phone`);
    }
  });
});
