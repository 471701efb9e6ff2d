// The control socket: while `onecity start` owns an embedded data directory, CLI commands run inside the
// server process instead of opening the database a second time. The socket lives in the data directory with
// mode 0600 — whoever can reach it can read the database files anyway.
// Protocol: one JSON line {argv} from the client; JSON lines {out|err: text} and finally {exit: code} back.
import fs from 'node:fs';
import net from 'node:net';
import { Writable } from 'node:stream';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /** A stream for progress bars (plain lines over the socket). */
  progressStream: NodeJS.WritableStream;
}

export type CommandRunner = (argv: string[], io: CommandIo) => Promise<number>;

export function serveControlSocket(socketPath: string, run: CommandRunner): net.Server {
  fs.rmSync(socketPath, { force: true });
  const server = net.createServer((conn) => {
    let buf = '';
    let started = false;
    conn.setEncoding('utf8');
    conn.on('error', () => conn.destroy());
    conn.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > 1_000_000) return conn.destroy();
      const nl = buf.indexOf('\n');
      if (nl < 0 || started) return;
      started = true;
      const send = (msg: object) => {
        if (!conn.destroyed) conn.write(`${JSON.stringify(msg)}\n`);
      };
      let argv: string[];
      try {
        argv = JSON.parse(buf.slice(0, nl)).argv;
        if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) throw new Error('argv');
      } catch {
        send({ err: 'bad control request' });
        send({ exit: 2 });
        conn.end();
        return;
      }
      const progressStream = new LineWritable((text: string) => send({ err: text.replace(/\n$/, '') }));
      run(argv, { out: (line) => send({ out: line }), err: (line) => send({ err: line }), progressStream })
        .then((code) => send({ exit: code }))
        .catch((e: Error) => {
          send({ err: e.message });
          send({ exit: 1 });
        })
        .finally(() => conn.end());
    });
  });
  server.listen(socketPath, () => fs.chmodSync(socketPath, 0o600));
  return server;
}

class LineWritable extends Writable {
  constructor(private readonly sink: (text: string) => void) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void) {
    this.sink(chunk.toString());
    cb();
  }
}

/** Runs argv in the server that owns the data directory; resolves to the command's exit code. */
export function runThroughServer(socketPath: string, argv: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socketPath);
    let buf = '';
    let exit: number | undefined;
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify({ argv })}\n`));
    conn.on('data', (chunk: string) => {
      buf += chunk;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const msg = JSON.parse(buf.slice(0, nl)) as { out?: string; err?: string; exit?: number };
        buf = buf.slice(nl + 1);
        if (msg.out !== undefined) process.stdout.write(`${msg.out}\n`);
        if (msg.err !== undefined) process.stderr.write(`${msg.err}\n`);
        if (msg.exit !== undefined) exit = msg.exit;
        nl = buf.indexOf('\n');
      }
    });
    conn.on('error', reject);
    conn.on('close', () =>
      exit === undefined ? reject(new Error('the server closed the connection')) : resolve(exit),
    );
  });
}
