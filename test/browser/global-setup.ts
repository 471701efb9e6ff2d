// Builds the web app once when dist/web is missing, so `npm run test:browser` works on a fresh clone.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export default function setup(): void {
  const webDist = path.resolve(process.env.ONECITY_WEB_DIST ?? 'dist/web');
  if (existsSync(path.join(webDist, 'index.html'))) return;
  execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
}
