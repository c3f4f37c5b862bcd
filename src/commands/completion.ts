/**
 * ddb completion bash|zsh|fish — prints the shell's completion script; `ddb __complete -- WORD…` (hidden) is what the
 * script calls at each Tab: commands, options, choices, files, and table names from the engine the line points at.
 */
import { Argument, type Command } from 'commander';
import { defineCommand, type Deps } from '../runtime/define.js';
import { complete, type CompletionRequest, type LineGlobals } from '../completion/complete.js';
import { completionScript, type Shell, SHELLS } from '../completion/scripts.js';
import { commandTree } from '../completion/tree.js';
import { type Candidates, candidatesView, scriptView } from '../render/completion.js';
import type { GlobalOptions } from '../target.js';

/** A table-name lookup gives up after this long: a Tab must not hang on an engine that is down or far away. */
const TABLES_TIMEOUT_MS = 1500;

export const command = defineCommand({
  name: 'completion',
  description: 'print the completion script for your shell: `source <(ddb completion bash)`, or save it where your shell loads completions',
  configure: (cmd) => cmd.addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS)),
  input: ([shell]: [Shell]) => ({ shell }),
  run: async (input) => completionScript(input.shell),
  view: scriptView,
});

const lineOptions = (globals: LineGlobals): GlobalOptions => ({
  endpointUrl: typeof globals['--endpoint-url'] === 'string' ? globals['--endpoint-url'] : undefined,
  prod: globals['--prod'] === true,
  region: typeof globals['--region'] === 'string' ? globals['--region'] : undefined,
  profile: typeof globals['--profile'] === 'string' ? globals['--profile'] : undefined,
});

/**
 * The tables of the engine the line points at (its --endpoint-url, --prod, …); none when it does not answer in time.
 * The request is aborted then, not just left behind: the shell waits for the process to end, not for its output.
 */
const tableNames = async (globals: LineGlobals, deps: Deps): Promise<string[]> => {
  const { Session } = await import('../runtime/session.js');
  const session = new Session(deps.io, lineOptions(globals));
  const signal = AbortSignal.timeout(TABLES_TIMEOUT_MS);
  const gaveUp = new Promise<string[]>((resolve) => signal.addEventListener('abort', () => resolve([])));
  try {
    return await Promise.race([session.dynamo().then((db) => db.listTableNames({ signal })), gaveUp]);
  } catch {
    return [];
  } finally {
    void session.close();
  }
};

export const runComplete = async (request: CompletionRequest, deps: Deps): Promise<Candidates> => {
  const { completion, current } = request;
  if (completion.kind !== 'tables') return completion;
  const names = await tableNames(request.globals, deps);
  return { kind: 'words', words: names.filter((n) => n.startsWith(current)).map((value) => ({ value })) };
};

export const completeCommand = defineCommand({
  name: '__complete',
  description: 'what the completion scripts call: the candidates for the last word of the line',
  configure: (cmd) => cmd.argument('[words...]').allowUnknownOption(),
  input: ([words]: [string[] | undefined], _opts: object, _io, cmd: Command) => complete(commandTree(cmd.parent!), words?.length ? words : ['']),
  run: runComplete,
  view: candidatesView,
});
