// PGlite belongs to one process. The process that opens an embedded data directory holds
// `<dataDir>/onecity.lock` (its pid); a second process finds the lock and, if its owner is alive, must not
// open the database — CLI commands go through the owner's control socket instead (platform/cli/control.ts).
import fs from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

export type LockAttempt = { ok: true; lock: DataDirLock } | { ok: false; pid: number; socket: string };

export const lockFile = (dataDir: string) => path.join(dataDir, 'onecity.lock');
export const controlSocket = (dataDir: string) => path.join(dataDir, 'onecity.sock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): LockAttempt {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      fs.closeSync(fd);
      let released = false;
      return {
        ok: true,
        lock: {
          release() {
            if (released) return;
            released = true;
            try {
              const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
              if (owner.pid === process.pid) fs.unlinkSync(file);
            } catch {
              // Already gone.
            }
          },
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid = 0;
      try {
        pid = Number(JSON.parse(fs.readFileSync(file, 'utf8')).pid) || 0;
      } catch {
        // A half-written lock file: treat as stale after the owner had time to write it.
      }
      if (pid && pid !== process.pid && alive(pid)) return { ok: false, pid, socket: controlSocket(dataDir) };
      // The owner died without releasing (kill -9, power loss): the lock is stale.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot lock ${file}`);
}
