/**
 * The ddb program: global options, every command, and the one handler that maps errors to exit codes.
 * Each command is a module of src/commands/ in one shape (src/runtime/define.ts); it imports the AWS SDK only when it
 * runs (see Session.dynamo()).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DdbError, ExitCode } from './errors.js';
import { OUTPUT_FORMATS } from './target.js';
import { errnoText, processIo, watchOutput, type Io } from './io.js';
import type { CommandDefinition } from './runtime/define.js';
import { versionText } from './version.js';

/**
 * Every command, in help order. Only the module of the command being run is imported (and none for `ddb --help`):
 * the others are listed by name and summary, so start-up does not pay for code it does not run.
 */
const COMMANDS: { name: string; summary: string; load: () => Promise<CommandDefinition>; hidden?: true }[] = [
  { name: 'up', summary: 'start the local engine if needed, load the schema and seed data, show a conversation', load: async () => (await import('./commands/up.js')).command },
  { name: 'local', summary: 'run a local DynamoDB in the background (start, stop, status)', load: async () => (await import('./commands/local.js')).command },
  { name: 'schema-load', summary: 'plan (--plan) or apply the schema file: tables, indexes, billing, stream, TTL, PITR, protection, tags', load: async () => (await import('./commands/schema-load.js')).command },
  { name: 'list-tables', summary: 'tables with status, items, size, billing and indexes [API: ListTables]', load: async () => (await import('./commands/list-tables.js')).command },
  { name: 'describe', summary: 'everything about one table at a glance [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource]', load: async () => (await import('./commands/describe.js')).command },
  { name: 'audit', summary: 'check tables against the practices and the schema file; exit 7 on a failed check', load: async () => (await import('./commands/audit.js')).command },
  { name: 'seed', summary: 'load the seed data, or --generate N messages [API: BatchWriteItem]', load: async () => (await import('./commands/seed.js')).command },
  { name: 'import', summary: 'write a JSON, NDJSON or CSV file into a table, checked and streamed [API: BatchWriteItem]', load: async () => (await import('./commands/import.js')).command },
  { name: 'get', summary: 'one item by its key [API: GetItem]', load: async () => (await import('./commands/get.js')).command },
  { name: 'put', summary: 'write one item given as JSON [API: PutItem]', load: async () => (await import('./commands/put.js')).command },
  { name: 'update', summary: 'change attributes of one item [API: UpdateItem]', load: async () => (await import('./commands/update.js')).command },
  { name: 'delete', summary: 'delete one item by its key [API: DeleteItem]', load: async () => (await import('./commands/delete.js')).command },
  { name: 'query', summary: 'the items of one partition key, of a table or an index [API: Query]', load: async () => (await import('./commands/query.js')).command },
  { name: 'sql', summary: 'run a PartiQL statement; a SELECT that would scan is refused [API: ExecuteStatement]', load: async () => (await import('./commands/sql.js')).command },
  { name: 'scan', summary: 'read every item of a table [API: Scan]', load: async () => (await import('./commands/scan.js')).command },
  { name: 'export', summary: 'write every item of a table as NDJSON, JSON or CSV with a parallel scan [API: DescribeTable, Scan]', load: async () => (await import('./commands/export.js')).command },
  { name: 'drop', summary: 'delete a table, after confirmation [API: DeleteTable]', load: async () => (await import('./commands/drop.js')).command },
  { name: 'patterns', summary: 'access patterns run by name: declared in the schema file (Query, never Scan) or in code (create-message, create-conversation: one transaction each); `patterns check` checks them', load: async () => (await import('./commands/patterns.js')).command },
  { name: 'streams', summary: "a table's stream: print its records as they arrive (tail), or run your stream function on them as Lambda would (run) [API: GetRecords]", load: async () => (await import('./commands/streams.js')).command },
  { name: 'ttl', summary: 'expire items on the local engine now, at any clock (sweep) [API: Scan, DeleteItem]', load: async () => (await import('./commands/ttl.js')).command },
  { name: 'ui', summary: 'the tables, the declared patterns and the conversations in a browser (127.0.0.1, a token)', load: async () => (await import('./commands/ui.js')).command },
  { name: 'completion', summary: 'print the Tab-completion script for bash, zsh or fish', load: async () => (await import('./commands/completion.js')).command },
  // what the completion scripts call at each Tab (src/completion/)
  { name: '__complete', summary: 'completion candidates (for the scripts)', hidden: true, load: async () => (await import('./commands/completion.js')).completeCommand },
];

const OPTIONS_WITH_VALUE = new Set(['--endpoint-url', '--region', '--profile', '-o', '--output', '--cli-read-timeout', '--cli-connect-timeout']);

/** --cli-read-timeout / --cli-connect-timeout: seconds, 0 = wait for ever (the AWS CLI's meaning). */
const timeoutSeconds = (value: string): number => {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError('must be a number of seconds (0: wait for ever).');
  return Number(value);
};

/** The command the arguments name (the first word that is not a global option or its value; `help X` names X). */
export const invokedCommand = (argv: readonly string[]): string | undefined => {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return words[0] === 'help' ? words[1] : words[0];
};

// The SDK warns on every run under Node < 22; `ddb --version` and `ddb local status` say it once instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** `errors` collects commander's own error lines; main() prints them in colour (chalk is loaded only then). */
export const buildProgram = async (io: Io, argv: readonly string[] = [], errors: string[] = []): Promise<Command> => {
  const program = new Command('ddb')
    .description('Fast, safe DynamoDB for application developers and CI. Local by default (http://localhost:8000); AWS only with --prod.')
    .version(versionText(), '-V, --version', 'print the version (and runtime notes)')
    .addOption(new Option('--endpoint-url <url>', 'DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, else http://localhost:8000)'))
    .addOption(new Option('--prod', 'use AWS DynamoDB with the SDK credential chain'))
    .addOption(new Option('--region <region>', 'AWS region (default: the SDK chain; us-east-1 locally)'))
    .addOption(new Option('--profile <name>', 'AWS profile (with --prod)'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .addOption(new Option('--wide', 'tables: every column in full, even wider than the terminal'))
    .addOption(new Option('--cli-read-timeout <seconds>', 'seconds a request waits for the answer once connected, retried, then exit 4 (0: for ever)').default(undefined, '60').argParser(timeoutSeconds))
    .addOption(new Option('--cli-connect-timeout <seconds>', 'seconds to wait for a connection (0: for ever)').default(undefined, '60').argParser(timeoutSeconds))
    .addOption(new Option('--debug', 'show stack traces and SDK details on errors'))
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s) => errors.push(s),
    });

  const invoked = invokedCommand(argv);
  // `ddb __complete -- WORD…` completes inside the command its words name: that one is attached in full as well
  const completing = invoked === '__complete' ? invokedCommand(argv.slice(argv.indexOf('--') + 1)) : undefined;
  for (const entry of COMMANDS) {
    const hidden = { hidden: Boolean(entry.hidden) };
    if (entry.name === invoked || entry.name === completing) program.addCommand((await (await entry.load())(io, argv)).summary(entry.summary), hidden);
    else program.command(entry.name, hidden).summary(entry.summary);
  }
  // Every (sub)command reports usage errors through the handler in main() instead of exiting by itself, and writes
  // through the command's io (addCommand does not pass configureOutput on to a command built elsewhere).
  const output = program.configureOutput();
  const exitOverride = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.configureOutput(output);
    cmd.commands.forEach(exitOverride);
  };
  exitOverride(program);
  return program;
};

/** Runs ddb and returns its exit code (bin/ddb sets process.exitCode; nothing in src calls process.exit). */
export const main = async (argv: string[], io: Io = processIo()): Promise<number> => {
  const stdout = watchOutput(io.stdout);
  const code = await run(argv, io);
  // A write that failed is a failure, whoever wrote it (commander's help too); a device reports it on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  if (code !== ExitCode.ok || !stdout.error) return code;
  io.stderr.write(`ddb: cannot write to stdout: ${errnoText(stdout.error)} — the output is incomplete\n`);
  return ExitCode.failure;
};

const run = async (argv: string[], io: Io): Promise<number> => {
  const usageErrors: string[] = [];
  try {
    const program = await buildProgram(io, argv, usageErrors);
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    // --help and --version end here too (commander's exit override): nothing to colour, so chalk stays unloaded.
    if (error instanceof CommanderError && error.exitCode === 0 && !usageErrors.length) return ExitCode.ok;
    const { makeStyle } = await import('./render/style.js');
    const red = makeStyle(io.stderr, io.env).red;
    for (const line of usageErrors) io.stderr.write(red(line));
    return reportError(error, io, red, argv.includes('--debug'));
  }
};

const reportError = (error: unknown, io: Io, red: (s: string) => string, debug: boolean): number => {
  if (error instanceof CommanderError) {
    // commander has already printed its one line (or the help / version text).
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof DdbError) {
    io.stderr.write(`${red('ddb:')} ${error.line}\n`);
    if (debug && error.cause) io.stderr.write(`${(error.cause as Error).stack ?? String(error.cause)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${red('ddb:')} unexpected error: ${message.split('\n')[0]}${debug ? '' : ' — rerun with --debug for details'}\n`);
  if (debug && error instanceof Error) io.stderr.write(`${error.stack}\n`);
  return ExitCode.failure;
};
