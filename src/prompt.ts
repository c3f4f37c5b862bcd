/** Typed confirmation on a terminal. Never used without one: callers refuse instead (scripts pass --yes). */
import { createInterface } from 'node:readline/promises';
import type { Io } from './runtime.js';

export const canPrompt = (io: Io): boolean => Boolean(io.stdin.isTTY && io.stderr.isTTY);

export const ask = async (io: Io, question: string): Promise<string> => {
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
};
