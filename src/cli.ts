/**
 * The ddb program: global options, every command, and the one handler that maps errors to exit codes.
 * Command modules are small and import the AWS SDK only when they run (see runtime.dynamo()).
 */
import { Command, CommanderError, Option } from 'commander';
import { DdbError, ExitCode } from './errors.js';
import { OUTPUT_FORMATS } from './context.js';
import { processIo, type Io } from './runtime.js';
import { createApp } from './app.js';
import { makeChalk } from './render/color.js';
import { versionText } from './version.js';
import { schemaLoadCommand } from './commands/schema-load.js';
import { listTablesCommand } from './commands/list-tables.js';
import { dropCommand } from './commands/drop.js';
import { scanCommand } from './commands/scan.js';
import { seedCommand } from './commands/seed.js';
import { patternsCommand } from './commands/patterns.js';
import { localCommand } from './commands/local.js';
import { upCommand } from './commands/up.js';
import { importCommand } from './commands/import.js';
import { exportCommand } from './commands/export.js';
import { describeCommand } from './commands/describe.js';
import { auditCommand } from './commands/audit.js';

// The SDK warns on every run under Node < 22; `ddb --version` and `ddb local status` say it once instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const buildProgram = (io: Io): Command => {
  const app = createApp(io);
  const program = new Command('ddb')
    .description('Fast, safe DynamoDB for application developers and CI. Local by default (http://localhost:8000); AWS only with --prod.')
    .version(versionText(), '-V, --version', 'print the version (and runtime notes)')
    .addOption(new Option('--endpoint-url <url>', 'DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, else http://localhost:8000)'))
    .addOption(new Option('--prod', 'use AWS DynamoDB with the SDK credential chain'))
    .addOption(new Option('--region <region>', 'AWS region (default: the SDK chain; us-east-1 locally)'))
    .addOption(new Option('--profile <name>', 'AWS profile (with --prod)'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .addOption(new Option('--debug', 'show stack traces and SDK details on errors'))
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(makeChalk(io.stderr, io.env).red(s)),
    });

  for (const make of [upCommand, localCommand, schemaLoadCommand, listTablesCommand, describeCommand, auditCommand, seedCommand, importCommand, scanCommand, exportCommand, dropCommand, patternsCommand]) {
    program.addCommand(make(app));
  }
  // Every (sub)command reports usage errors through the handler in main() instead of exiting by itself.
  const exitOverride = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(exitOverride);
  };
  exitOverride(program);
  return program;
};

/** Runs ddb and returns its exit code (bin/ddb sets process.exitCode; nothing in src calls process.exit). */
export const main = async (argv: string[], io: Io = processIo()): Promise<number> => {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, io, argv.includes('--debug'));
  }
};

const reportError = (error: unknown, io: Io, debug: boolean): number => {
  if (error instanceof CommanderError) {
    // commander has already printed its one line (or the help / version text).
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  const red = makeChalk(io.stderr, io.env).red;
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
