/**
 * Where an export goes, with back-pressure: write() waits for 'drain' when the stream is full, so a slow disk or
 * pipe slows the scan instead of filling memory.
 *
 * A file is written under a temporary name next to it and renamed only once complete: an export that fails or is
 * interrupted (Ctrl-C, SIGTERM) never leaves a half file under the final name, nor, except on SIGKILL, a temp file —
 * and the next export to the same file removes what a killed one left.
 *
 * stdout cannot be taken back: when an export or scan fails after writing to it, the error says so.
 */
import { createWriteStream, unlinkSync, type WriteStream } from 'node:fs';
import { readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DdbError } from '../errors.js';
import { errnoText, type OutStream, watchOutput } from '../io.js';
import { count } from '../text.js';

export interface Sink {
  write(text: string): Promise<void>;
  /** the data is complete: flush, and for a file, move it into place */
  commit(): Promise<void>;
  /** something failed: for a file, remove the temporary file */
  abort(): Promise<void>;
  /**
   * The error to report when the export failed: for stdout that already holds part of the output, the error with a
   * note that says so (and how many items, when the error knows: a `delivered` count, as ScanFailed has).
   */
  failed(error: unknown): unknown;
}

type Emitter = NodeJS.EventEmitter;

/** Resolves on 'drain', rejects on 'error'; removes both listeners either way (no listener build-up). */
const drained = (stream: Emitter): Promise<void> =>
  new Promise((resolve, reject) => {
    const onDrain = (): void => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (e: unknown): void => {
      stream.off('drain', onDrain);
      reject(e);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });

/** The reader went away (`ddb export T | head`): not a failure, the export just stops. */
export class OutputClosed extends Error {
  constructor() {
    super('output closed');
  }
}

/** stdout failed (ENOSPC, EIO, EBADF …): how much of the output reached it, which is all a reader has. */
export class OutputFailed extends DdbError {
  constructor(error: NodeJS.ErrnoException, bytes: number, lines: number) {
    super('output.failed', `cannot write to stdout: ${errnoText(error)}; only ${count(bytes)} byte(s), ${count(lines)} line(s), reached it — the output is incomplete`, {
      suggestion: 'free some space or write elsewhere (`--out FILE` for an export), then run it again',
      cause: error,
    });
  }
}

/** `error` with a note that stdout holds partial output, which the reader should discard. */
const partialOutput = (error: unknown): unknown => {
  if (!(error instanceof DdbError)) return error;
  const items = (error as { delivered?: unknown }).delivered;
  const what = typeof items === 'number' ? `${count(items)} item(s) of partial output` : 'partial output';
  return new DdbError(error.code, `${error.message.replace(/\.$/, '')}; stdout holds ${what} — discard it`, { suggestion: error.suggestion, cause: error.cause ?? error });
};

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * stdout (or any stream): waits for drain when the stream asks for it. EPIPE (the reader went away) ends the output
 * quietly (OutputClosed); any other failure is an OutputFailed that says how much got there. A file or device on
 * stdout is written synchronously and reports a failed write on the next tick: write() and commit() look then.
 */
export const streamSink = (stream: OutStream): Sink => {
  const emitter = typeof (stream as Partial<Emitter>).once === 'function' ? (stream as unknown as Emitter) : undefined;
  const health = watchOutput(stream);
  let bytes = 0;
  let lines = 0;
  let wrote = false;
  const check = (): void => {
    if (health.error) throw new OutputFailed(health.error, bytes, lines);
    if (health.closed) throw new OutputClosed();
  };
  return {
    async write(text) {
      check();
      if (!text) return;
      wrote = true;
      if (stream.write(text) === false && emitter) {
        await drained(emitter).catch(() => undefined);
        await nextTurn();
      }
      check();
      bytes += Buffer.byteLength(text);
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
    },
    async commit() {
      if (emitter) await nextTurn();
      check();
    },
    async abort() {},
    failed: (error) => (wrote && !(error instanceof OutputFailed) ? partialOutput(error) : error),
  };
};

export const tempPathFor = (file: string): string => join(dirname(file), `.${basename(file)}.${process.pid}.partial`);

const openError = (file: string, error: unknown): DdbError =>
  new DdbError('input.invalid', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
    suggestion: 'check that the folder exists and is writable',
    cause: error,
  });

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
};

/**
 * Removes the temporary files of earlier exports to `file` whose process is gone (killed with SIGKILL, or the machine
 * stopped): `.FILE.<pid>.partial` with no such pid. Those of a running export are left alone.
 */
export const removeStalePartials = async (file: string): Promise<string[]> => {
  const prefix = `.${basename(file)}.`;
  const names = await readdir(dirname(file)).catch(() => [] as string[]); // a missing folder is reported by the open
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.partial')) continue;
    const pid = name.slice(prefix.length, -'.partial'.length);
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    const path = join(dirname(file), name);
    if (await unlink(path).then(() => true, () => false)) removed.push(path);
  }
  return removed;
};

/** Opens the temporary file at once, so a bad --out path fails before any item is read. */
export const fileSink = async (file: string): Promise<Sink> => {
  await removeStalePartials(file);
  const temp = tempPathFor(file);
  const stream: WriteStream = createWriteStream(temp, { flags: 'wx' });
  // On a signal: remove the temp file, then die of the same signal as if we had not listened. Listening starts before
  // the file is opened (createWriteStream opens it later), so no signal can come between the file and the listener.
  const onSignal = (signal: NodeJS.Signals): void => {
    release();
    const die = (): void => {
      stream.destroy();
      try {
        unlinkSync(temp);
      } catch {
        // already gone, or never made
      }
      process.kill(process.pid, signal);
    };
    // Still opening: the file appears when the open completes, so remove it then.
    if (stream.pending) {
      stream.once('open', die);
      stream.once('error', die);
    } else die();
  };
  const release = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e) => {
      release();
      reject(openError(file, e));
    });
  });
  let failure: unknown;
  stream.on('error', (e) => (failure ??= e));
  const check = (): void => {
    if (failure) throw openError(file, failure);
  };
  return {
    async write(text) {
      check();
      if (text && !stream.write(text)) await drained(stream);
      check();
    },
    async commit() {
      await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(openError(file, e)) : resolve())));
      check();
      await rename(temp, file).catch((e: unknown) => {
        throw openError(file, e);
      });
      release();
    },
    async abort() {
      stream.destroy();
      await unlink(temp).catch(() => undefined);
      release();
    },
    failed: (error) => error, // the file is not there: nothing partial to discard
  };
};
