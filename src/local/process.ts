import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { sleep, waitUntilAnswering } from './net.js';

/** Signal 0 checks existence; EPERM means it exists but belongs to someone else. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's arguments (split on spaces where only `ps` can tell), or undefined when it is gone or unreadable. */
export function commandArgs(pid: number): string[] | undefined {
  try {
    if (process.platform === 'linux') return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (process.platform === 'win32') return undefined;
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 }).trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

/**
 * When the process started, as the system counts it: /proc/PID/stat field 22 (clock ticks since boot) on Linux,
 * `ps -o lstart=` elsewhere. A pid reused after a reboot or by another program has another start time.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    }
    if (process.platform === 'win32') return undefined;
    return execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Who an engine ddb started is: what its state file records, checked against the live process. */
export interface EngineIdentity {
  pid: number;
  /** the token ddb passed to the engine on its command line (`ddb-<state folder hash>-<port>-<random>`) */
  token?: string;
  /** processStartTime() of the engine, read right after it was spawned */
  startTime?: string;
}

/**
 * Whether `pid` is the engine ddb started: alive, its command line carries the token ddb gave it, and it started
 * when the state file says. Anything else — a reused pid, another engine, a program whose command line merely
 * mentions LocalLauncher, a state file of an older ddb that recorded no token — is not ours and is never signalled.
 * Windows has no cheap way to ask, so there we trust the state file.
 */
export function isOurEngine(id: EngineIdentity): boolean {
  if (!pidAlive(id.pid)) return false;
  if (process.platform === 'win32') return true;
  if (!id.token) return false;
  const args = commandArgs(id.pid);
  if (!args?.some((arg) => arg === id.token || arg.endsWith(`=${id.token}`))) return false;
  return id.startTime === undefined || processStartTime(id.pid) === id.startTime;
}

/** Processes whose command line carries a token starting with `prefix` (an engine ddb started), with their arguments. */
export function findByTokenPrefix(prefix: string): { pid: number; args: string[] }[] {
  const found: { pid: number; args: string[] }[] = [];
  const matches = (args: string[]) => args.some((arg) => arg.startsWith(prefix) || arg.includes(`=${prefix}`));
  if (process.platform === 'linux') {
    let entries: string[] = [];
    try {
      entries = readdirSync('/proc');
    } catch {
      return found;
    }
    for (const entry of entries) {
      if (!/^\d+$/.test(entry)) continue;
      const args = commandArgs(Number(entry));
      if (args && matches(args)) found.push({ pid: Number(entry), args });
    }
    return found;
  }
  if (process.platform === 'win32') return found;
  try {
    const out = execFileSync('ps', ['-axo', 'pid=,command='], { encoding: 'utf8', timeout: 2000 });
    for (const line of out.split('\n')) {
      const m = /^\s*(\d+)\s+(.*)$/.exec(line);
      const args = m?.[2]?.trim().split(/\s+/) ?? [];
      if (m && matches(args)) found.push({ pid: Number(m[1]), args });
    }
  } catch {
    // no ps: nothing found
  }
  return found;
}

/**
 * Signals a process, or its whole group when it was spawned `detached` (it leads its own group, so a
 * JVM's or node's helpers go too). Windows has neither groups nor SIGTERM: kill() terminates there.
 */
export function signal(pid: number, sig: NodeJS.Signals, group: boolean): void {
  const target = group && process.platform !== 'win32' ? -pid : pid;
  try {
    process.kill(target, sig);
  } catch {
    if (target !== pid) {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  }
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL and wait again. Resolves true once the pid is gone. */
export async function terminate(pid: number, group: boolean, graceMs = 5000): Promise<boolean> {
  signal(pid, 'SIGTERM', group);
  if (await waitForExit(pid, graceMs)) return true;
  signal(pid, 'SIGKILL', group);
  return waitForExit(pid, 2000);
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
  return true;
}

/** Stops a child we spawned ourselves: SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Keeps the last lines of a child's output for error messages, without holding all of it. */
export class OutputTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly max = 20) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) if (line.trim()) this.lines.push(line);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }

  last(count = 5): string[] {
    const all = this.partial.trim() ? [...this.lines, this.partial] : this.lines;
    return all.slice(-count);
  }
}

/** The last lines of a log file, for a detached engine that failed to start. */
export function tailFile(path: string, count = 20): string[] {
  try {
    const tail = new OutputTail(count);
    tail.push(readFileSync(path, 'utf8'));
    return tail.last(count);
  } catch {
    return [];
  }
}

/**
 * The lines worth showing from a failed engine's output: our launchers' own `ddb: ` lines, else lines
 * naming an error (JVM or node), else the last few. Startup banners are noise in a one-line message.
 */
export function errorLines(lines: string[], count = 3): string[] {
  const ours = lines.filter((line) => line.startsWith('ddb: ')).map((line) => line.slice(5));
  if (ours.length) return ours.slice(-count);
  const errors = lines.filter((line) => /error|exception|cannot|could not|failed/i.test(line));
  return (errors.length ? errors : lines).slice(-count).map((line) => line.trim());
}

/**
 * Waits until a just-spawned engine answers. On a failed start (early exit or time-out) it kills the child first —
 * an engine never outlives a failed start — and says why.
 */
export async function awaitStart(
  child: ChildProcess,
  endpoint: string,
  timeoutMs: number,
  group: boolean,
): Promise<{ ok: true; pid: number } | { ok: false; why: string }> {
  let exit: string | null = null;
  child.once('error', (error) => (exit ??= error.message));
  child.once('exit', (code, sig) => (exit ??= sig ? `killed by ${sig}` : `exited with code ${code}`));
  const outcome = await waitUntilAnswering(endpoint, () => exit !== null, timeoutMs);
  if (outcome === 'up' && child.pid !== undefined) return { ok: true, pid: child.pid };
  if (child.pid !== undefined) {
    signal(child.pid, 'SIGKILL', group);
    await waitForExit(child.pid, 2000);
  }
  return { ok: false, why: outcome === 'timeout' ? `did not answer within ${timeoutMs / 1000} s` : (exit ?? 'exited') };
}
