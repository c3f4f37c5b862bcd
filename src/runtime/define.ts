/**
 * One shape for every command: commander's arguments and options → a typed input → run(input, deps) → a typed
 * result → the output step (src/render/output.ts), which alone looks at --output. A command file is:
 *
 *   export const command = defineCommand({ name, description, configure, input, run, view });
 *
 * `input` does the checks that need no I/O (usage errors before anything is sent); `run` does the work and returns
 * data (or throws a DdbError); `view` says how the result looks in each format. Nothing here loads the SDK or chalk:
 * the Session (and with it the renderers) is imported when a command runs, not for `ddb --help`.
 */
import { Command } from 'commander';
import type { Io } from '../io.js';
import type { View } from '../render/view.js';
import type { Deps } from './session.js';

export type { Deps } from './session.js';

/**
 * A command ready to be attached to the program, given the process's streams and the arguments (a command whose
 * subcommands come from a file — `ddb patterns` — reads it first, so it may take its time: a promise).
 */
export type CommandDefinition = (io: Io, argv?: readonly string[]) => Command | Promise<Command>;

export interface CommandSpec<Input, Result> {
  name: string;
  description: string;
  /** arguments and options (commander), including their one-line parsers */
  configure?: (cmd: Command) => Command;
  /**
   * parsed arguments and options → the input of run; throws a DdbError for a usage error. `cmd` is the command as
   * parsed (its parent is the program: `ddb __complete` reads the command tree from it).
   */
  input: (args: any, opts: any, io: Io, cmd: Command) => Input | Promise<Input>;
  run: (input: Input, deps: Deps) => Promise<Result>;
  /** how the result looks; a function when it depends on the input (e.g. how many rows to show) */
  view: View<Result> | ((input: Input) => View<Result>);
}

export const defineCommand =
  <Input, Result>(spec: CommandSpec<Input, Result>): CommandDefinition =>
  (io) => {
    const cmd = new Command(spec.name).description(spec.description);
    (spec.configure?.(cmd) ?? cmd).action(async (...callArgs: unknown[]) => {
      const self = callArgs[callArgs.length - 1] as Command;
      const input = await spec.input(self.processedArgs, self.opts(), io, self);
      const { Session } = await import('./session.js');
      const session = new Session(io, self.optsWithGlobals());
      try {
        const result = await spec.run(input, session);
        await session.output.present(result, typeof spec.view === 'function' ? spec.view(input) : spec.view);
      } finally {
        await session.close();
      }
    });
    return cmd;
  };

/** A command with subcommands (`ddb local start|stop|status`). */
export const defineGroup =
  (name: string, description: string, children: readonly CommandDefinition[]): CommandDefinition =>
  async (io, argv) => {
    const group = new Command(name).description(description);
    for (const child of children) group.addCommand(await child(io, argv));
    return group;
  };
