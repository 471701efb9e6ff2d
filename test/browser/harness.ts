// What a browser test needs around it: a real OneCity server on a free port and a temp data dir, and a
// headless Chromium with a fresh profile. Both are torn down by `stop()`.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve('test-artifacts/browser');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  log: () => string;
  stop: () => Promise<void>;
}

export async function startServer(adminPassword: string): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'onecity-browser-'));
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/onecity.js', 'start', '--port', String(port), '--data-dir', path.join(dataDir, 'data')],
    {
      env: {
        ...process.env,
        ONECITY_ADMIN_PASSWORD: adminPassword,
        ONECITY_WEB_DIST: process.env.ONECITY_WEB_DIST ?? path.resolve('dist/web'),
        LOG_LEVEL: 'warn',
        // The demo's synthetic case history (default 20,000) makes the first start slow; 2,000 still fills lists.
        ONECITY_DEMO_CASES: process.env.ONECITY_DEMO_CASES ?? '2000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  // First start on an empty embedded database migrates and seeds a demo city: allow it time.
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`onecity start exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.status === 200) return { baseUrl, log: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`onecity start was not ready within 150 s:\n${output}`);
}

export interface RunningBrowser {
  context: BrowserContext;
  page: Page;
  stop: () => Promise<void>;
}

/** `timezoneId` runs the pages as on a device set to that zone (default: the machine's). */
export async function startBrowser(options: { timezoneId?: string } = {}): Promise<RunningBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'onecity-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 860 },
    locale: 'zh-CN',
    timezoneId: options.timezoneId,
    acceptDownloads: true,
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
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    stop: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
