/**
 * Where an export goes, with back-pressure: write() waits for 'drain' when the stream is full, so a slow disk or
 * pipe slows the scan instead of filling memory.
 *
 * A file is written under a temporary name next to it and renamed only once complete: an export that fails or is
 * interrupted (Ctrl-C, SIGTERM) never leaves a half file under the final name, nor, except on SIGKILL, a temp file.
 */
import { createWriteStream, unlinkSync, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DdbError } from '../errors.js';
import type { OutStream } from '../io.js';

export interface Sink {
  write(text: string): Promise<void>;
  /** the data is complete: flush, and for a file, move it into place */
  commit(): Promise<void>;
  /** something failed: for a file, remove the temporary file */
  abort(): Promise<void>;
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

/** stdout (or any stream): waits for drain when the stream asks for it; EPIPE ends the export quietly. */
export const streamSink = (stream: OutStream): Sink => {
  const emitter = typeof (stream as Partial<Emitter>).once === 'function' ? (stream as unknown as Emitter) : undefined;
  let closed = false;
  // Kept for the life of the process: an EPIPE emitted after the last write must not crash ddb either.
  emitter?.on('error', () => (closed = true));
  return {
    async write(text) {
      if (closed) throw new OutputClosed();
      if (!text || stream.write(text) !== false || !emitter) return;
      await drained(emitter).catch(() => {
        throw new OutputClosed();
      });
    },
    async commit() {
      if (closed) throw new OutputClosed();
    },
    async abort() {},
  };
};

export const tempPathFor = (file: string): string => join(dirname(file), `.${basename(file)}.${process.pid}.partial`);

const openError = (file: string, error: unknown): DdbError =>
  new DdbError('input.invalid', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
    suggestion: 'check that the folder exists and is writable',
    cause: error,
  });

/** Opens the temporary file at once, so a bad --out path fails before any item is read. */
export const fileSink = async (file: string): Promise<Sink> => {
  const temp = tempPathFor(file);
  const stream: WriteStream = createWriteStream(temp, { flags: 'wx' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e) => reject(openError(file, e)));
  });
  let failure: unknown;
  stream.on('error', (e) => (failure ??= e));
  // On a signal: remove the temp file, then die of the same signal as if we had not listened.
  const onSignal = (signal: NodeJS.Signals): void => {
    stream.destroy();
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    release();
    process.kill(process.pid, signal);
  };
  const release = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
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
  };
};
