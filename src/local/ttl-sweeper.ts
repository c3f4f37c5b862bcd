/**
 * Starts and stops the TTL sweeper of a detached engine (./ttl-sweeper-main.ts), a node process of its own, recorded
 * beside the engine's state as `local-<port>.ttl.json` (its pid and interval) with its output in `local-<port>.ttl.log`.
 * Started once the engine answers; `ddb local stop` stops it before the engine.
 *
 * Only when the engine would not do it as often by itself: DynamoDB Local 3.3.0 runs its own TTL job per table
 * (every ITEM_EXPIRY_DELAY_BETWEEN_DELETION = 10 s of its LocalDBUtils, after DynamoDB's rules), so a sweeper is
 * started for a shorter --ttl-interval only; dynalite has no UpdateTimeToLive, so no table of it has TTL to sweep.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sweepLogPath } from '../ttl/sweep-log.js';
import { pidAlive, processStartTime, terminate } from './process.js';
import type { EngineName } from './state.js';

/** How often an engine deletes expired items by itself (seconds); undefined: never. */
export const ENGINE_TTL_SECONDS: Record<EngineName, number | undefined> = { 'dynamodb-local': 10, dynalite: undefined };

/** Whether the engine needs ddb's sweeper to expire items every `intervalSeconds`. */
export const sweeperNeeded = (engine: EngineName, intervalSeconds: number): boolean => {
  const own = ENGINE_TTL_SECONDS[engine];
  return engine !== 'dynalite' && intervalSeconds > 0 && (own === undefined || intervalSeconds < own);
};

interface SweeperState {
  pid: number;
  intervalSeconds: number;
  /** processStartTime() of the sweeper, read right after it was spawned: a reused pid starts at another time */
  startTime?: string;
}

const statePath = (stateDir: string, port: number): string => join(stateDir, `local-${port}.ttl.json`);

/** dist/ttl-sweeper.js (from src/ under vitest, the built one). */
const sweeperScript = (): string | undefined => {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, 'ttl-sweeper.js'), resolve(here, '../../dist/ttl-sweeper.js')].find((p) => existsSync(p));
};

const readSweeper = (stateDir: string, port: number): SweeperState | undefined => {
  try {
    const s = JSON.parse(readFileSync(statePath(stateDir, port), 'utf8')) as SweeperState;
    return typeof s.pid === 'number' && s.pid > 0 ? s : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Only the process we spawned is ever signalled (pids are reused): alive, its command line is our sweeper's, and it
 * started when the state file says.
 */
const isSweeper = (state: SweeperState): boolean => {
  if (!pidAlive(state.pid)) return false;
  if (process.platform === 'win32') return true; // no cheap way to ask there: the state file is trusted
  try {
    if (process.platform === 'linux' && !readFileSync(`/proc/${state.pid}/cmdline`, 'utf8').includes('ttl-sweeper')) return false;
  } catch {
    return false;
  }
  return state.startTime !== undefined && processStartTime(state.pid) === state.startTime;
};

/** Spawns the sweeper of the engine on `port`; undefined (and a reason) when it cannot be found. */
export const startSweeper = (opts: { stateDir: string; port: number; endpoint: string; enginePid: number; intervalSeconds: number }): { pid?: number; why?: string } => {
  const script = sweeperScript();
  if (!script) return { why: 'dist/ttl-sweeper.js is missing (run `npm run build`): expired items are not deleted' };
  const log = openSync(join(opts.stateDir, `local-${opts.port}.ttl.log`), 'w');
  try {
    const args = [script, '--endpoint', opts.endpoint, '--interval', String(opts.intervalSeconds), '--engine-pid', String(opts.enginePid), '--log', sweepLogPath(opts.stateDir, opts.endpoint)];
    const child = spawn(process.execPath, args, { cwd: opts.stateDir, detached: true, stdio: ['ignore', log, log], windowsHide: true });
    child.unref();
    if (child.pid === undefined) return { why: 'the TTL sweeper did not start' };
    const startTime = processStartTime(child.pid);
    const state: SweeperState = { pid: child.pid, intervalSeconds: opts.intervalSeconds, ...(startTime ? { startTime } : {}) };
    writeFileSync(statePath(opts.stateDir, opts.port), `${JSON.stringify(state)}\n`);
    return { pid: child.pid };
  } finally {
    closeSync(log);
  }
};

/** Stops the sweeper of the engine on `port`, if one runs; clears its state file either way. */
export const stopSweeper = async (stateDir: string, port: number): Promise<void> => {
  const state = readSweeper(stateDir, port);
  if (state && isSweeper(state)) await terminate(state.pid, true, 2000);
  rmSync(statePath(stateDir, port), { force: true });
};

/** The interval of the running sweeper of the engine on `port`, or undefined when none runs. */
export const sweeperInterval = (stateDir: string, port: number): number | undefined => {
  const state = readSweeper(stateDir, port);
  return state && isSweeper(state) ? state.intervalSeconds : undefined;
};
