import { mkdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type EngineName = 'dynamodb-local' | 'dynalite';

/**
 * What a detached `ddb local start` leaves behind in `.ddb/local-<port>.json`, so that later ddb runs
 * (status, stop, start again) can find the engine without a daemon of their own.
 */
export interface LocalState {
  engine: EngineName;
  version: string;
  port: number;
  pid: number;
  dataDir: string | null;
  startedAt: string;
  endpoint: string;
}

export const defaultStateDir = (): string => resolve(process.cwd(), '.ddb');
export const defaultDataDir = (): string => resolve(process.cwd(), '.ddb', 'data');

export const statePath = (stateDir: string, port: number): string => join(stateDir, `local-${port}.json`);
export const logPath = (stateDir: string, port: number): string => join(stateDir, `local-${port}.log`);

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
      };
    }
  } catch {
    // fall through: a corrupt file means we know nothing about the port
  }
  return null;
}

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
