/** The streams, environment and folder a command runs with: tiny, so start-up can use it before any command's Session. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** terminal width, when it is a terminal */
  columns?: number;
}
export interface InStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Ctrl-C while a write is under way: `trap()` makes the first Ctrl-C abort the returned signal (the writer finishes
   * the batches in flight and says what was written); a second one stops at once. `release()` restores the default.
   * Without a trap, Ctrl-C stops ddb at once, as usual.
   */
  interrupts?: { trap(): { signal: AbortSignal; release(): void } };
}

/**
 * How an output stream has fared, watched from the first look for the rest of the run: `closed` once its reader went
 * away (EPIPE: `| head`, a pager quit — not a failure, the command just stops), `error` for any other failure (ENOSPC
 * on a full disk, EIO, EBADF), which makes the command fail. Watching also keeps Node from crashing with an
 * unhandled 'error' event (`ddb --help > /dev/full`). Streams that are not emitters (tests' captures) never fail.
 */
export interface OutputHealth {
  closed: boolean;
  error?: NodeJS.ErrnoException;
}

const healthOf = new WeakMap<OutStream, OutputHealth>();

export const watchOutput = (stream: OutStream): OutputHealth => {
  let health = healthOf.get(stream);
  if (health) return health;
  const watched: OutputHealth = { closed: false };
  healthOf.set(stream, watched);
  const emitter = stream as Partial<NodeJS.EventEmitter>;
  if (typeof emitter.on === 'function') {
    emitter.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') watched.closed = true;
      else watched.error ??= error;
    });
  }
  health = watched;
  return health;
};

/** "ENOSPC (no space left on device)" from Node's "ENOSPC: no space left on device, write". */
export const errnoText = (error: NodeJS.ErrnoException): string => {
  const what = /^[A-Z0-9_]+: ([^,]+)/.exec(error.message)?.[1];
  return error.code ? `${error.code}${what ? ` (${what})` : ''}` : error.message;
};

const processInterrupts: Io['interrupts'] = {
  trap() {
    const controller = new AbortController();
    const onSigint = (): void => {
      process.off('SIGINT', onSigint);
      if (controller.signal.aborted) return;
      controller.abort();
      // The second Ctrl-C: the default again (stop now, exit 130).
      process.once('SIGINT', () => process.kill(process.pid, 'SIGINT'));
    };
    process.on('SIGINT', onSigint);
    return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) };
  },
};

export const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), interrupts: processInterrupts });
