/** The streams, environment and folder a command runs with: tiny, so start-up can use it without the Runtime. */
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
