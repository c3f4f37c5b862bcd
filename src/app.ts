/**
 * Glue between commander and the commands: each command file exports `(app) => Command`, and wires its action
 * through `app.action`, which builds the Runtime from the global options and closes it afterwards.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { GlobalOptions } from './context.js';
import type { Io } from './io.js';
import type { Runtime } from './runtime.js';

export interface App {
  io: Io;
  action<O>(fn: (rt: Runtime, opts: O, args: string[]) => Promise<void>): (...args: unknown[]) => Promise<void>;
}

export const createApp = (io: Io): App => ({
  io,
  action:
    <O>(fn: (rt: Runtime, opts: O, args: string[]) => Promise<void>) =>
    async (...callArgs: unknown[]) => {
      const cmd = callArgs[callArgs.length - 1] as Command;
      const all = cmd.optsWithGlobals() as GlobalOptions & O;
      const { Runtime } = await import('./runtime.js'); // (and chalk): not needed for --help
      const rt = new Runtime(io, all);
      try {
        await fn(rt, all, cmd.processedArgs as string[]);
      } finally {
        await rt.close();
      }
    },
});

/** Option parsers: a bad value is commander's one-line usage error (exit 2). */
export const positiveInt = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number of 1 or more.');
  return Number(value);
};

export const port = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError('must be a port number from 1 to 65535.');
  return n;
};
