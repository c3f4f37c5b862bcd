import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export type EngineName = 'dynamodb-local' | 'dynalite';

/**
 * What a detached `ddb local start` leaves behind in `<state dir>/local-<port>.json`, so that later ddb runs
 * (status, stop, start again) can find the engine without a daemon of their own, from any folder.
 */
export interface LocalState {
  engine: EngineName;
  version: string;
  port: number;
  pid: number;
  dataDir: string | null;
  startedAt: string;
  endpoint: string;
  /** the token on the engine's command line (see tokenFor); absent in files of an older ddb */
  token?: string;
  /** the engine process's start time (process.ts processStartTime), so a reused pid is told apart */
  startTime?: string;
  /** 'starting': written at spawn, before the engine answered (a ddb killed then leaves it so) */
  status?: 'starting' | 'up';
}

/**
 * One per-user folder for the state, log and lock files of every engine ddb starts, whatever the working directory:
 * $DDB_STATE_DIR, else $XDG_STATE_HOME/ddb (an absolute path, per the XDG spec), else ~/.local/state/ddb
 * (%LOCALAPPDATA%\ddb on Windows).
 */
export const defaultStateDir = (env: NodeJS.ProcessEnv = process.env): string => {
  if (env.DDB_STATE_DIR) return resolve(env.DDB_STATE_DIR);
  if (env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME)) return join(env.XDG_STATE_HOME, 'ddb');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'ddb');
  return join(homedir(), '.local', 'state', 'ddb');
};

/** The nearest folder from `cwd` up that holds schema/tables.json or package.json; `cwd` itself when none does. */
export const findProjectRoot = (cwd: string): string => {
  const start = resolve(cwd);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'schema', 'tables.json')) || existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
};

/** Where a persisted engine keeps its data: `explicit` (--data-dir, relative to cwd), else <project root>/.ddb/data. */
export const defaultDataDir = (cwd: string = process.cwd(), explicit?: string): string =>
  explicit ? resolve(cwd, explicit) : join(findProjectRoot(cwd), '.ddb', 'data');

export const statePath = (stateDir: string, port: number): string => join(stateDir, `local-${port}.json`);
export const logPath = (stateDir: string, port: number): string => join(stateDir, `local-${port}.log`);
export const lockPath = (stateDir: string, port: number): string => join(stateDir, `local-${port}.lock`);

/**
 * What every engine ddb starts for this state folder and port carries on its command line: `ddb-<hash of the state
 * folder>-<port>-`. The token is that and a random part; a ddb that lost the state file finds its engine by the prefix.
 */
export const folderTokenPrefix = (stateDir: string): string => `ddb-${createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 8)}-`;
export const tokenPrefix = (stateDir: string, port: number): string => `${folderTokenPrefix(stateDir)}${port}-`;
export const newToken = (stateDir: string, port: number): string => `${tokenPrefix(stateDir, port)}${randomBytes(6).toString('hex')}`;

/** The ports that have a state file, ascending. */
export function statePorts(stateDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(stateDir);
  } catch {
    return [];
  }
  return names
    .map((name) => /^local-(\d+)\.json$/.exec(name)?.[1])
    .filter((port): port is string => port !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The state for a port, or null when there is none or it is unreadable (treated as "not ours"). */
export function readState(stateDir: string, port: number): LocalState | null {
  let text: string;
  try {
    text = readFileSync(statePath(stateDir, port), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LocalState>;
    if (
      (parsed.engine === 'dynamodb-local' || parsed.engine === 'dynalite') &&
      typeof parsed.pid === 'number' &&
      parsed.pid > 0 &&
      parsed.port === port &&
      typeof parsed.endpoint === 'string'
    ) {
      return {
        engine: parsed.engine,
        version: String(parsed.version ?? 'unknown'),
        port,
        pid: parsed.pid,
        dataDir: typeof parsed.dataDir === 'string' ? parsed.dataDir : null,
        startedAt: String(parsed.startedAt ?? ''),
        endpoint: parsed.endpoint,
        ...(typeof parsed.token === 'string' ? { token: parsed.token } : {}),
        ...(typeof parsed.startTime === 'string' ? { startTime: parsed.startTime } : {}),
        ...(parsed.status === 'starting' ? { status: 'starting' as const } : {}),
      };
    }
  } catch {
    // fall through: a corrupt file means we know nothing about the port
  }
  return null;
}

/** A state file is there (readable or not). */
export const hasStateFile = (stateDir: string, port: number): boolean => existsSync(statePath(stateDir, port));

/** Written via a temp file + rename so a concurrent reader never sees half a file. */
export function writeState(stateDir: string, state: LocalState): void {
  mkdirSync(stateDir, { recursive: true });
  const target = statePath(stateDir, state.port);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, target);
}

export function removeState(stateDir: string, port: number): void {
  rmSync(statePath(stateDir, port), { force: true });
}
