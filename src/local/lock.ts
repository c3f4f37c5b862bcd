/**
 * One ddb at a time per port: while a ddb starts or stops the engine on a port it holds `local-<port>.lock` in the
 * state folder, a file holding its pid.
 *
 * Taking the lock is one atomic link(2) of a complete temp file onto the lock path (it fails with EEXIST when the lock
 * exists), so a reader never sees a half-written lock. A lock whose pid is dead (kill -9, a crash) is stale. Breaking a
 * stale lock goes through a second lock, `local-<port>.lock.break`: only its holder may replace the lock, and only while
 * the lock still names the same dead pid, so two ddbs that both find it stale cannot both take it.
 *
 * The one residual risk: a ddb killed inside the few synchronous calls that break a stale lock leaves `.break` behind;
 * it is itself broken when its pid is dead, and a third ddb racing exactly then could slip in. Pid reuse by an
 * unrelated process makes a stale lock look held: waiters time out with a message naming the file.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DdbError } from '../errors.js';
import { sleep } from './net.js';
import { pidAlive } from './process.js';

export interface HeldLock {
  path: string;
  /** Removes the lock if it is still ours. Idempotent. */
  release(): void;
}

export type TryLock = { held: true; lock: HeldLock } | { held: false; holder: number };

/** The lock's text, or undefined when there is no lock. */
function readLock(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The pid a lock's text names; 0 for text that names none (treated as stale). */
const pidOf = (text: string): number => {
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : 0;
};

/** Locks this process holds: a lock naming our pid that is not among them was left by an earlier process. */
const heldHere = new Set<string>();

const isStale = (path: string, text: string): boolean => {
  const pid = pidOf(text);
  if (pid === process.pid) return !heldHere.has(path);
  return pid === 0 || !pidAlive(pid);
};

const link = (from: string, to: string): boolean => {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
};

/** One attempt, never waits: the lock, or the pid of the live process that holds it. */
export function tryLock(path: string): TryLock {
  mkdirSync(dirname(path), { recursive: true });
  const mine = `${process.pid}\n`;
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, mine);
  try {
    for (let round = 0; round < 100; round++) {
      if (link(temp, path)) return { held: true, lock: lockAt(path, mine) };
      const text = readLock(path);
      if (text === undefined) continue; // released in between: try again
      if (!isStale(path, text)) return { held: false, holder: pidOf(text) };
      if (breakStale(path, text, temp)) return { held: true, lock: lockAt(path, mine) };
    }
    throw new DdbError('internal', `could not take the lock ${path}`, { suggestion: `remove it if no ddb is running: rm ${path}` });
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Replaces a stale lock by ours (true), under `.break`; false when someone else is at it or it changed. */
function breakStale(path: string, staleText: string, temp: string): boolean {
  const breaker = `${path}.break`;
  if (!link(temp, breaker)) {
    const other = readLock(breaker);
    if (other !== undefined && isStale(breaker, other)) rmSync(breaker, { force: true });
    return false;
  }
  try {
    if (readLock(path) !== staleText) return false;
    renameSync(temp, path); // atomic replace: the lock now names us
    return true;
  } finally {
    rmSync(breaker, { force: true });
  }
}

function lockAt(path: string, mine: string): HeldLock {
  heldHere.add(path);
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      heldHere.delete(path);
      // Only our own lock: nobody else can replace it while our pid is alive.
      if (readLock(path) === mine) rmSync(path, { force: true });
    },
  };
}

/**
 * Takes the lock, waiting while another live ddb holds it (`onWait` hears its pid once). Gives up after `timeoutMs`
 * with local.portBusy. Polling only decides when to try again; the decision itself is the atomic link.
 */
export async function acquireLock(
  path: string,
  { port, timeoutMs, onWait }: { port: number; timeoutMs: number; onWait?: (holder: number) => void },
): Promise<HeldLock> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const attempt = tryLock(path);
    if (attempt.held) return attempt.lock;
    if (!told) {
      told = true;
      onWait?.(attempt.holder);
    }
    if (Date.now() >= deadline) {
      throw new DdbError(
        'local.portBusy',
        `another ddb (pid ${attempt.holder}) has been starting or stopping the engine on port ${port} for over ${Math.round(timeoutMs / 1000)} s`,
        { suggestion: `wait for it, or if pid ${attempt.holder} is not ddb, remove ${path}` },
      );
    }
    await sleep(50);
  }
}
