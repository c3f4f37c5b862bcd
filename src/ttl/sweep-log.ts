/**
 * Which REMOVE records were ddb's TTL deletions. DynamoDB marks its own with `userIdentity` (type Service, principal
 * dynamodb.amazonaws.com); DynamoDB Local's records carry no identity at all, so the sweep writes down what it deletes
 * — table, key, time — in `<state dir>/ttl-sweeps-<port>.ndjson`, before each delete (a reader may see the record
 * before the delete returns), and an `undo` line when the delete did not happen (the item changed meanwhile).
 * The stream readers (`streams tail`, `streams run`) consult it: a REMOVE of that table and key within two minutes of
 * the entry is the sweep's (DynamoDB Local stamps records to the minute), and each entry marks one record only.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isLoopbackEndpoint, type Target } from '../target.js';

export interface SweepEntry {
  table: string;
  /** the key as canonicalKey() writes it */
  key: string;
  /** when the delete was sent (ISO 8601) */
  at: string;
  undo?: true;
}

/** Key attributes as DynamoDB JSON (a record's Keys, or the key of a scanned item) */
export type WireKey = Record<string, object>;

const WINDOW_MS = 120_000;
/** the log is pruned to the last day's entries (DynamoDB keeps stream records 24 hours) once it passes this size */
const PRUNE_BYTES = 1 << 20;

/** The sweep log of the engine on `endpoint` (loopback), in the per-user state folder. */
export const sweepLogPath = (stateDir: string, endpoint: string): string => {
  const url = new URL(endpoint);
  return join(stateDir, `ttl-sweeps-${url.port || (url.protocol === 'https:' ? 443 : 80)}.ndjson`);
};

/** The sweep log a command pointed at `target` consults (`stateDir`: the per-user state folder): only an engine on this machine has one. */
export const sweepLogFor = (target: Target, stateDir: string): string | undefined =>
  target.kind === 'local' && isLoopbackEndpoint(target.endpoint) ? sweepLogPath(stateDir, target.endpoint) : undefined;

/** One text per key, whatever the attribute order or how the SDK gave binary values (bytes or base64). */
export const canonicalKey = (key: WireKey): string =>
  Object.keys(key)
    .sort()
    .map((name) => {
      const [type, value] = Object.entries(key[name] ?? {})[0] ?? ['', ''];
      const text = value instanceof Uint8Array ? Buffer.from(value).toString('base64') : String(value);
      return `${JSON.stringify(name)}:${type}:${JSON.stringify(text)}`;
    })
    .join(',');

export const appendSweep = (path: string, entry: SweepEntry): void => {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(entry)}\n`);
  if (statSync(path).size > PRUNE_BYTES) prune(path, Date.now() - 24 * 3600_000);
};

const prune = (path: string, since: number): void => {
  const kept = readEntries(path).filter((e) => Date.parse(e.at) >= since);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
  renameSync(temp, path);
};

const readEntries = (path: string): SweepEntry[] => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const entries: SweepEntry[] = [];
  for (const line of text.split('\n')) {
    try {
      const e = JSON.parse(line) as SweepEntry;
      if (typeof e.table === 'string' && typeof e.key === 'string' && typeof e.at === 'string') entries.push(e);
    } catch {
      // a line cut short by a concurrent append: read it next time
    }
  }
  return entries;
};

/** A stream reader's view of the log: is this REMOVE record one of the sweep's? Reloads the file when it grew. */
export class SweepLog {
  private entries: SweepEntry[] = [];
  private size = -1;
  /** entries already matched to a record, so one deletion marks one record */
  private readonly used = new Set<number>();

  constructor(private readonly path: string | undefined) {}

  private reload(): void {
    if (!this.path || !existsSync(this.path)) return;
    const size = statSync(this.path).size;
    if (size === this.size) return;
    // Appends keep every entry's place; a pruned (smaller) file starts the count afresh.
    if (size < this.size) this.used.clear();
    this.size = size;
    this.entries = readEntries(this.path);
  }

  /** `when`: the record's ApproximateCreationDateTime */
  isSweep(table: string, eventName: string | undefined, keys: WireKey | undefined, when: Date | undefined): boolean {
    if (eventName !== 'REMOVE' || !keys || !this.path) return false;
    this.reload();
    const key = canonicalKey(keys);
    const time = when?.getTime() ?? Date.now();
    const undone = new Set(this.entries.filter((e) => e.undo && e.table === table && e.key === key).map((e) => e.at));
    const index = this.entries.findIndex(
      (e, i) => !e.undo && !this.used.has(i) && e.table === table && e.key === key && !undone.has(e.at) && Math.abs(Date.parse(e.at) - time) <= WINDOW_MS,
    );
    if (index < 0) return false;
    this.used.add(index);
    return true;
  }
}
