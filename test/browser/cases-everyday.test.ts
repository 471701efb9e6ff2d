// What staff and citizens touch every day, in a browser whose device clock is set to New York — not the city's
// zone — against a real server: the agent files a call with a photo at the hotline desk and sees it on the detail
// page; every time of that case (list, detail, deadline, timeline, citizen tracking, 我的诉求) reads in city time
// (Asia/Shanghai, +08:00); the case list's filter lives in the URL (reload, back/forward and a copied link show
// the same list); a citizen who signs in from /login lands on 我的诉求, staff on the home page; a citizen already
// signed in who opens / lands on 我的诉求 too, never on the staff home.
// Screenshots go to test-artifacts/browser/everyday-*.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngFixture } from './citizen-support';
import { ARTIFACTS, type RunningBrowser, type RunningServer, startBrowser, startServer } from './harness';

const ADMIN_PASSWORD = 'Str0ng#Pass2026-everyday';
const DEMO_PASSWORD = 'OneCity@Demo2026';
const DEVICE_ZONE = 'America/New_York';
const PHONE = '13955556666';
const DESCRIPTION = `平江路口井盖缺失，来电人已拍照发来（浏览器测试 ${Date.now() % 100000}）`;
const POLL = { timeout: 20_000 };

let server: RunningServer;
let browser: RunningBrowser;
let page: Page;
const filed = { id: 0, caseNo: '', createdAt: '' };

/** City wall time of an instant, computed without Intl: Shanghai is UTC+8 all year. `YYYY-MM-DD HH:mm:ss`. */
const cityTime = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

/** The same instant as the device's own clock shows it (what the pages used to print). `YYYY-MM-DD HH:mm:ss`. */
const deviceTime = (iso: string) =>
  page.evaluate((at) => {
    const d = new Date(at);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, iso);

/** GET through the page's own session. */
const getJson = <T>(url: string) => page.evaluate(async (u) => (await fetch(u)).json(), url) as Promise<T>;

async function shot(name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(500);
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header stays on top in the capture
  await page.screenshot({ path: path.join(ARTIFACTS, `everyday-${name}.png`), fullPage });
}

async function signIn(username: string): Promise<void> {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
}

async function signOut(): Promise<void> {
  await browser.context.clearCookies();
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer(ADMIN_PASSWORD);
  browser = await startBrowser({ timezoneId: DEVICE_ZONE });
  page = browser.page;
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.stop();
  await server?.stop();
});

describe('the hotline desk', () => {
  it('staff land on the home page after signing in from /login', async () => {
    await signIn('agent');
    await page.getByTestId('welcome-card').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // The browser really runs in New York time: everything below would read 12–13 hours off without city time.
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(DEVICE_ZONE);
  });

  it('files a call with the photo the caller sent, and the detail page shows it', async () => {
    await page.goto(`${server.baseUrl}/cases/intake`);
    await page.getByTestId('intake-phone').fill(PHONE);
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
    await page.getByTestId('intake-description').fill(DESCRIPTION);

    // The citizen form's picker: resized and re-encoded as JPEG in the browser, removable before filing.
    await page
      .getByTestId('intake-photo')
      .setInputFiles({ name: 'caller-photo.png', mimeType: 'image/png', buffer: pngFixture() });
    await page.getByTestId('photo-thumb').first().waitFor();
    expect(await page.getByTestId('photo-thumb').first().getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    await page
      .getByTestId('intake-photo')
      .setInputFiles({ name: 'second.png', mimeType: 'image/png', buffer: pngFixture(32, 32) });
    await expect.poll(() => page.getByTestId('photo-thumb').count(), POLL).toBe(2);
    await page.getByTestId('intake-photo-list').getByRole('button', { name: '删除' }).nth(1).click();
    await expect.poll(() => page.getByTestId('photo-thumb').count(), POLL).toBe(1);
    await shot('01-intake-photo', true);

    await page.getByTestId('intake-submit').click();
    await page.getByTestId('intake-case-no').waitFor();
    filed.caseNo = ((await page.getByTestId('intake-case-no').textContent()) ?? '').trim();
    expect(filed.caseNo).toMatch(/^\d{8}-\d{7}$/);
    expect(await page.getByTestId('intake-photos-filed').textContent()).toContain('1 张');

    await page.getByRole('link', { name: /查看工单/ }).click();
    await page.waitForURL(/\/cases\/\d+$/);
    filed.id = Number(/\/cases\/(\d+)$/.exec(page.url())?.[1]);
    const photos = page.getByTestId('detail-photos');
    await expect.poll(() => photos.locator('img').count(), POLL).toBe(1);
    expect(await photos.textContent()).toContain('受理'); // the intake stage
    // The stored photo is served and decodes as an image.
    await expect
      .poll(
        () =>
          photos
            .locator('img')
            .first()
            .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
        POLL,
      )
      .toBe(64);
    await shot('02-detail-photo', true);
  });

  it('shows the case times in city time (+08:00) on the detail page, its timeline and the list', async () => {
    const d = await getJson<{
      createdAt: string;
      clock: { stageDueAt: string | null };
      timeline: { at: string }[];
    }>(`/api/v1/cases/${filed.id}`);
    filed.createdAt = d.createdAt;
    const created = cityTime(d.createdAt);
    expect(await deviceTime(d.createdAt)).not.toBe(created);

    expect(await page.getByTestId('detail-created').textContent()).toBe(created);
    if (d.clock.stageDueAt)
      expect(await page.getByTestId('detail-deadline').textContent()).toBe(cityTime(d.clock.stageDueAt));
    const shown = await page.getByTestId('timeline-at').allTextContents();
    expect(shown.sort()).toEqual(d.timeline.map((e) => cityTime(e.at)).sort());

    await page.goto(`${server.baseUrl}/cases?q=${filed.caseNo}`);
    const cell = page.getByTestId('case-created');
    await expect.poll(() => cell.count(), POLL).toBe(1);
    expect(await cell.textContent()).toBe(created.slice(2, 16));
    expect(await cell.getAttribute('title')).toBe(created);
    await shot('03-list-city-time');
  });

  it('finds the case by its city day in the URL, whatever day it is in New York', async () => {
    const { createdAt } = await getJson<{ createdAt: string }>(`/api/v1/cases/${filed.id}`);
    const day = cityTime(createdAt).slice(0, 10);
    const next = cityTime(new Date(new Date(createdAt).getTime() + 86_400_000).toISOString()).slice(0, 10);
    const total = page.getByTestId('case-total');

    await page.goto(`${server.baseUrl}/cases?q=${filed.caseNo}&from=${day}&to=${day}`);
    await expect.poll(() => total.textContent(), POLL).toBe('共 1 件');
    // The range picker shows the city days the URL names.
    const dates = page.getByTestId('case-filters').locator('.ant-picker-range input');
    expect(await dates.nth(0).inputValue()).toBe(day);
    expect(await dates.nth(1).inputValue()).toBe(day);

    await page.goto(`${server.baseUrl}/cases?q=${filed.caseNo}&from=${next}`);
    await expect.poll(() => total.textContent(), POLL).toBe('共 0 件');
  });
});

describe('the case list keeps its filter in the URL', () => {
  const total = () => page.getByTestId('case-total').textContent();
  const rows = () => page.getByTestId('case-link').allTextContents();
  /** Runs `act` and answers the total the list read it caused reports, as the page words it. */
  const listedAfter = async (act: () => Promise<void>) => {
    const response = page.waitForResponse((r) => /\/api\/v1\/cases\?.*counts=true/.test(r.url()));
    await act();
    const { counts } = (await (await response).json()) as { counts: { total: number } };
    return `共 ${counts.total} 件`;
  };

  it('restores the filter and the list on reload, back and forward, and from a copied link', async () => {
    await page.goto(`${server.baseUrl}/cases`);
    await page.getByTestId('case-total').waitFor();
    const all = await total();

    // A status from the totals row (the biggest), then a channel from its select: one history entry each. Each
    // time the list is read again with its counts; the page shows that total.
    const tag = page.getByTestId('case-counts').locator('.ant-tag').first();
    const statusLabel = ((await tag.textContent()) ?? '').replace(/\s*\d+$/, '');
    const byStatus = await listedAfter(() => tag.click());
    expect(page.url()).toMatch(/[?&]status=/);
    await expect.poll(total, POLL).toBe(byStatus);
    expect(await page.getByTestId('filter-status').textContent()).toContain(statusLabel);

    await page.getByTestId('filter-channel').click();
    const both = await listedAfter(() =>
      page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '电话' }).click(),
    );
    await page.keyboard.press('Escape');
    expect(page.url()).toMatch(/[?&]channel=phone/);
    await expect.poll(total, POLL).toBe(both);
    expect(both).not.toBe('共 0 件');
    const bothRows = await rows();
    expect(bothRows.length).toBeGreaterThan(0);
    const url = page.url();
    expect(new URL(url).searchParams.getAll('status')).toHaveLength(1);
    await shot('04-list-filtered');

    // Reload: same URL, same filter shown, same list.
    await page.reload();
    await expect.poll(total, POLL).toBe(both);
    expect(page.url()).toBe(url);
    expect(await page.getByTestId('filter-channel').textContent()).toContain('电话');
    expect(await page.getByTestId('filter-status').textContent()).toContain(statusLabel);
    await expect.poll(rows, POLL).toEqual(bothRows);

    // Back: the status alone; back again: everything; forward twice: both filters again.
    await page.goBack();
    await expect.poll(total, POLL).toBe(byStatus);
    expect(page.url()).not.toContain('channel=');
    expect(await page.getByTestId('filter-channel').textContent()).not.toContain('电话');
    await page.goBack();
    await expect.poll(total, POLL).toBe(all);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByTestId('filter-status').textContent()).not.toContain(statusLabel);
    await page.goForward();
    await page.goForward();
    await expect.poll(total, POLL).toBe(both);
    expect(page.url()).toBe(url);

    // The address bar copied into another tab opens the same filtered list.
    const other = await browser.context.newPage();
    try {
      await other.goto(url);
      await expect.poll(() => other.getByTestId('case-total').textContent(), POLL).toBe(both);
      await expect.poll(() => other.getByTestId('case-link').allTextContents(), POLL).toEqual(bothRows);
      expect(await other.getByTestId('filter-channel').textContent()).toContain('电话');
    } finally {
      await other.close();
    }
  });

  it('a keyword typed in the box goes into the URL; back empties the box again', async () => {
    await page.goto(`${server.baseUrl}/cases`);
    await page.getByTestId('case-total').waitFor();
    const box = page.getByTestId('filter-q').locator('input');
    await box.fill(filed.caseNo);
    await box.press('Enter');
    await page.waitForURL(new RegExp(`[?&]q=${filed.caseNo}`));
    await expect.poll(total, POLL).toBe('共 1 件');
    await page.goBack();
    await expect.poll(() => box.inputValue(), POLL).toBe('');
    await expect.poll(total, POLL).not.toBe('共 1 件');
  });

  it('ignores what a hand-edited link gets wrong instead of failing', async () => {
    await page.goto(`${server.baseUrl}/cases`);
    const all = await page.getByTestId('case-total').textContent();
    await page.goto(`${server.baseUrl}/cases?status=nonsense&category=abc&sla=purple&from=2026-02-30`);
    await expect.poll(total, POLL).toBe(all);
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    await signOut();
  });
});

describe('citizens', () => {
  it('follow the case by number + last 4 digits in city time', async () => {
    await page.goto(`${server.baseUrl}/track`);
    await page.getByTestId('track-case-input').fill(filed.caseNo);
    await page.getByTestId('track-last4').fill(PHONE.slice(-4));
    await page.getByTestId('track-submit').click();
    await page.getByTestId('track-result').waitFor();
    expect(await page.getByTestId('track-created').textContent()).toBe(cityTime(filed.createdAt).slice(0, 16));
    await shot('05-track-city-time', true);
  });

  it('a citizen signing in from /login lands on 我的诉求, whose times read in city time', async () => {
    await signIn('citizen');
    await page.waitForURL(/\/my-cases$/);
    await page.getByTestId('citizen-layout').waitFor();
    expect(await page.getByTestId('sider').count()).toBe(0);

    // A report of their own, filed through the citizen API with this session.
    const mine = await page.evaluate(async () => {
      const { csrfToken } = await (await fetch('/api/v1/auth/me')).json();
      const { items } = await (await fetch('/api/v1/citizen/categories')).json();
      type Sub = { id: number; concernsComponent: boolean; attributes: { required: boolean }[] };
      const sub = (items as { children?: Sub[] }[])
        .flatMap((c) => c.children ?? [])
        .find((c) => !c.concernsComponent && c.attributes.every((a) => !a.required));
      const r = await fetch('/api/v1/citizen/cases', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': csrfToken,
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify({
          categoryId: sub?.id,
          description: '小区门口路灯不亮已经三天（浏览器测试）',
          location: { lat: 31.312, lng: 120.618 },
          reporter: { phone: '13700001234' },
        }),
      });
      return { status: r.status, body: await r.json() };
    });
    expect(mine.status).toBe(201);
    const { caseNo, createdAt } = mine.body as { caseNo: string; createdAt: string };

    await page.reload();
    const item = page.getByTestId('mine-item').filter({ hasText: caseNo });
    await item.waitFor();
    expect(await item.textContent()).toContain(cityTime(createdAt).slice(0, 16));
    await shot('06-my-cases-city-time', true);
    await item.click();
    await page.getByTestId('track-created').waitFor();
    expect(await page.getByTestId('track-created').textContent()).toBe(cityTime(createdAt).slice(0, 16));
  });

  it('a citizen already signed in who opens / lands on 我的诉求, not the staff home', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/my-cases$/);
    await page.getByTestId('citizen-layout').waitFor();
    await page.getByTestId('mine-item').first().waitFor();
    expect(await page.getByTestId('sider').count()).toBe(0);
    expect(await page.getByTestId('welcome-card').count()).toBe(0);
    await shot('07-citizen-home-redirect');
    // Staff opening / still get the home page.
    await signOut();
    await signIn('agent');
    await page.getByTestId('welcome-card').waitFor();
    await page.goto(`${server.baseUrl}/`);
    await page.getByTestId('welcome-card').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });
});
