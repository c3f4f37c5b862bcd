import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DdbError } from '../errors.js';
import { LOOPBACK } from './net.js';
import { awaitStart, errorLines, signal, tailFile, waitForExit } from './process.js';
import { logPath } from './state.js';
import type { LaunchSpec, Launched } from './types.js';

const require = createRequire(import.meta.url);

type DynaliteOptions = { path?: string; createTableMs?: number; deleteTableMs?: number; updateTableMs?: number };
type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export const dynaliteVersion = (): string => (require('dynalite/package.json') as { version: string }).version;

/**
 * A dynalite http.Server that browsers cannot use. dynalite answers every Origin with
 * `Access-Control-Allow-Origin: *` and answers preflights, so any web page could read or wipe local
 * tables. We take over its request listener: preflights and anything carrying an Origin header (which
 * browsers always send on POST, which also defeats DNS rebinding; SDKs never send one) get 403, and no
 * Access-Control-* header can be set.
 * `path`: LevelDB folder (classic-level, native prebuilds); without it dynalite keeps data in memory.
 */
export function createClosedDynalite(path?: string): Server {
  const dynalite = require('dynalite') as (options: DynaliteOptions) => Server;
  // Tables become ACTIVE at once, as in DynamoDB Local, instead of after dynalite's default 500 ms.
  const server = dynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.origin !== undefined || req.method === 'OPTIONS') {
      req.resume();
      res.writeHead(403, { 'Content-Length': '0' });
      res.end();
      return;
    }
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: number | string | readonly string[]) =>
      /^access-control-/i.test(name) ? res : setHeader(name, value);
    for (const listener of listeners) listener(req, res);
  });
  return server;
}

/** dynalite's data lives in a subfolder so its LevelDB files never mix with DynamoDB Local's. */
export const dynaliteDataDir = (dataDir: string | null): string | null =>
  dataDir === null ? null : join(dataDir, 'dynalite');

/**
 * The background entry point for detached mode, bundled to dist/dynalite-server.js. When this
 * module runs from src/ (vitest), the bundled file is still the one under dist/.
 */
export function dynaliteServerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'dynalite-server.js'), resolve(here, '../../dist/dynalite-server.js')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new DdbError('local.startFailed', 'dist/dynalite-server.js is missing', {
    suggestion: 'run `npm run build`',
  });
}

export async function startDynalite(spec: LaunchSpec): Promise<Launched> {
  const dataDir = dynaliteDataDir(spec.dataDir);
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  return spec.detached ? startDetached(spec, dataDir) : startInProcess(spec, dataDir);
}

/** Non-detached: in this process, so it cannot outlive it. */
async function startInProcess(spec: LaunchSpec, dataDir: string | null): Promise<Launched> {
  const server = createClosedDynalite(dataDir ?? undefined);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new DdbError('local.startFailed', `dynalite failed to start on port ${spec.port}: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    server.listen(spec.port, LOOPBACK, () => resolveListen());
  });
  // Like the spawned engines, an idle engine must not keep the caller's process alive.
  server.unref();
  let stopped: Promise<void> | undefined;
  return {
    engine: 'dynalite',
    version: dynaliteVersion(),
    pid: process.pid,
    dataDir,
    stop: () =>
      (stopped ??= new Promise<void>((resolveClose) => {
        // dynalite's close() waits for open connections; SDK keep-alive sockets would hold it up.
        server.close(() => resolveClose());
        server.closeAllConnections();
      })),
  };
}

/** Detached: a background node process running dynalite-server.js, output to the log file. */
async function startDetached(spec: LaunchSpec, dataDir: string | null): Promise<Launched> {
  const script = dynaliteServerScript();
  mkdirSync(spec.stateDir, { recursive: true });
  const logFile = logPath(spec.stateDir, spec.port);
  const args = [script, '--port', String(spec.port), ...(dataDir ? ['--path', dataDir] : []), ...(spec.token ? ['--token', spec.token] : [])];
  const fd = openSync(logFile, 'w');
  let child;
  try {
    child = spawn(process.execPath, args, {
      cwd: spec.stateDir,
      detached: true,
      stdio: ['ignore', fd, fd],
      windowsHide: true,
    });
  } finally {
    closeSync(fd);
  }
  if (child.pid !== undefined) spec.onSpawn?.({ pid: child.pid, engine: 'dynalite', version: dynaliteVersion(), dataDir });
  const started = await awaitStart(child, spec.endpoint, spec.startTimeoutMs, true);
  if (!started.ok) {
    const why = started.why;
    const lines = errorLines(tailFile(logFile));
    throw new DdbError(
      'local.startFailed',
      `dynalite failed to start on port ${spec.port} (${why})${lines.length ? `: ${lines.join(' | ')}` : ''}`,
      { suggestion: `see ${logFile}` },
    );
  }
  child.unref();
  const pid = started.pid;
  return {
    engine: 'dynalite',
    version: dynaliteVersion(),
    pid,
    dataDir,
    logFile,
    stop: async () => {
      signal(pid, 'SIGTERM', true);
      await waitForExit(pid, 5000);
    },
  };
}
