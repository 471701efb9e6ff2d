// `onecity`: the command line of OneCity. `start` runs the server; the other commands work on the database,
// directly or — when a running server owns the embedded data directory — through that server.
import { Command, CommanderError } from 'commander';
import { addDatabaseCommands, configureForIo, explain, type WithRuntime } from './cli/commands.ts';
import { DataDirBusyError, openRuntime, type Runtime } from './cli/runtime.ts';
import { startServer } from './cli/start.ts';
import { ConfigError, type ConfigOverrides, loadConfig } from './config.ts';
import { type CommandIo, runThroughServer } from './platform/cli/control.ts';
import { MigrationChecksumError } from './platform/db/migrate.ts';

const stdio: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progressStream: process.stderr,
};

function globalOverrides(program: Command): ConfigOverrides {
  const o = program.opts<{ dataDir?: string; databaseUrl?: string }>();
  return { dataDir: o.dataDir, databaseUrl: o.databaseUrl };
}

function baseProgram(): Command {
  return new Command('onecity')
    .description('OneCity 一城通办 — smart-city platform: 12345 one queue, grids, data catalog and sharing')
    .option('--data-dir <dir>', 'embedded database folder (env ONECITY_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL 15+ instead of the embedded database (env DATABASE_URL)')
    .showHelpAfterError();
}

/** The program as run inside a server that owns the database (argv forwarded over the control socket). */
export function serverSideRunner(rt: Runtime) {
  return async (argv: string[], io: CommandIo): Promise<number> => {
    const program = baseProgram();
    let code = 0;
    const withRuntime: WithRuntime = async (fn) => {
      code = await fn(rt);
    };
    addDatabaseCommands(program, io, withRuntime);
    configureForIo(program, io);
    try {
      await program.parseAsync(argv, { from: 'user' });
      return code;
    } catch (e) {
      if (e instanceof CommanderError) return e.exitCode;
      io.err(`错误 / error: ${explain(e)}`);
      return 1;
    }
  };
}

async function main(argv: string[]): Promise<number> {
  const program = baseProgram();
  let exitCode = 0;
  const userArgs = argv.slice(2);

  const withRuntime: WithRuntime = async (fn) => {
    const config = loadConfig(process.env, globalOverrides(program));
    let rt: Runtime;
    try {
      rt = await openRuntime(config);
    } catch (e) {
      if (!(e instanceof DataDirBusyError)) throw e;
      stdio.err(`${e.message}; 通过运行中的服务执行 / running the command through the server`);
      exitCode = await runThroughServer(e.socket, userArgs).catch((err: Error) => {
        throw new Error(
          `${e.message}; and its control socket did not answer (${err.message}). Stop the server (SIGTERM) and run the command again, or use --database-url.`,
        );
      });
      return;
    }
    try {
      exitCode = await fn(rt);
    } finally {
      await rt.close();
    }
  };

  program
    .command('start')
    .description('启动服务 / run OneCity: migrate, seed the demo city on an empty database, serve API + web app')
    .option('--port <port>', 'port (env PORT, default 8080)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--no-demo', 'do not seed the demo city on an empty database')
    .action(async (o: { port?: string; host?: string; demo: boolean }) => {
      const config = loadConfig(process.env, { ...globalOverrides(program), port: o.port, host: o.host });
      await startServer(config, { demo: o.demo, runInServer: serverSideRunner });
      exitCode = -1; // keep running
    });
  addDatabaseCommands(program, stdio, withRuntime);

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof MigrationChecksumError || e instanceof DataDirBusyError) {
      stdio.err(e instanceof DataDirBusyError ? `${e.message}; stop it first / 请先停止该进程` : e.message);
      return 2;
    }
    stdio.err(`错误 / error: ${explain(e)}`);
    return 1;
  }
}

main(process.argv).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  },
);
