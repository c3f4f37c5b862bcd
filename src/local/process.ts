import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/**
 * Guards against pid reuse before we signal a pid read from a state file: the command line must name
 * one of our entry points. Windows has no cheap way to ask, so there we trust the state file.
 */
export function looksLikeOurs(pid: number): boolean {
  let cmdline: string;
  try {
    cmdline =
      process.platform === 'linux'
        ? readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        : process.platform === 'win32'
          ? 'LocalLauncher'
          : execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
  } catch {
    return false;
  }
  return cmdline.includes('LocalLauncher') || cmdline.includes('dynalite-server');
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
