/** Typed confirmation on a terminal. Never used without one: callers refuse instead (scripts pass --yes). */
import { createInterface } from 'node:readline/promises';
import { DdbError } from '../errors.js';
import type { Io } from '../io.js';

export interface Prompt {
  /** stdin and stderr are a terminal: a person can answer */
  readonly available: boolean;
  /** asks on stderr, returns the trimmed answer; Ctrl-C or Ctrl-D is "cancelled" (exit 130), nothing changed */
  ask(question: string): Promise<string>;
}

export const terminalPrompt = (io: Io, beforeAsking: () => void): Prompt => ({
  available: Boolean(io.stdin.isTTY && io.stderr.isTTY),
  async ask(question) {
    beforeAsking();
    const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: true });
    const cancelled = new Promise<never>((_, reject) => {
      const cancel = () => reject(new DdbError('cancelled', 'cancelled; nothing was changed'));
      rl.once('SIGINT', cancel);
      rl.once('close', cancel);
    });
    cancelled.catch(() => undefined); // also rejects when the answer came first and rl closes: not an error then
    try {
      return (await Promise.race([rl.question(question), cancelled])).trim();
    } finally {
      rl.close();
    }
  },
});
