// Progress for long CLI work: a bar on a TTY, plain lines otherwise (CI logs, pipes).
import cliProgress from 'cli-progress';

export interface Progress {
  start(label: string, total: number): void;
  tick(n?: number): void;
  done(message?: string): void;
  log(message: string): void;
}

export function createProgress(stream: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr): Progress {
  const isTty = 'isTTY' in stream && Boolean((stream as NodeJS.WriteStream).isTTY);
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  let total = 0;
  let value = 0;
  let lastLinePct = -1;
  return {
    start(l, t) {
      label = l;
      total = t;
      value = 0;
      lastLinePct = -1;
      if (isTty) {
        bar = new cliProgress.SingleBar(
          { format: `${l} [{bar}] {percentage}% {value}/{total}`, stream: stream as NodeJS.WriteStream },
          cliProgress.Presets.shades_classic,
        );
        bar.start(t, 0);
      } else {
        stream.write(`${l}: 0/${t}\n`);
      }
    },
    tick(n = 1) {
      value += n;
      if (bar) bar.update(value);
      else {
        const pct = total ? Math.floor((value / total) * 10) * 10 : 100;
        if (pct !== lastLinePct && pct < 100) {
          lastLinePct = pct;
          if (pct > 0) stream.write(`${label}: ${value}/${total} (${pct}%)\n`);
        }
      }
    },
    done(message) {
      if (bar) {
        bar.update(total);
        bar.stop();
        bar = undefined;
      }
      stream.write(`${label}: ${message ?? `${total}/${total} done`}\n`);
    },
    log(message) {
      stream.write(`${message}\n`);
    },
  };
}

export const silentProgress: Progress = { start() {}, tick() {}, done() {}, log() {} };
