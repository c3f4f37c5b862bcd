/**
 * ddb ui [--port N] [--open] — the tables, the declared patterns and the conversations in a browser, served on
 * 127.0.0.1 for the engine this command points at (src/ui/). Runs until Ctrl-C. Against AWS it is read-only unless
 * --allow-prod. [API: ListTables, DescribeTable, Query, Scan, GetItem, PutItem, DeleteItem, TransactWriteItems]
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineCommand, type Deps } from '../runtime/define.js';
import { port } from '../runtime/options.js';
import { DEFAULT_SCHEMA, DEFAULT_SEED_DIR, projectPath } from '../paths.js';
import { describeTarget } from '../target.js';
import type { View } from '../render/view.js';

interface Input {
  port?: number;
  open: boolean;
  allowProd: boolean;
  schemaFile: string;
  schemaShown: string;
  usersDir: string;
}

interface Result {
  url: string;
  stopped: true;
}

/**
 * Opens the page without putting the token on a command line (which every user of the machine can read in `ps`): the
 * browser is given a file, readable by this user only, that redirects to the address.
 */
const openBrowser = (url: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ddb-ui-'));
  const file = join(dir, 'open.html');
  writeFileSync(file, `<!doctype html><meta http-equiv="refresh" content="0;url=${url}">`, { mode: 0o600 });
  chmodSync(dir, 0o700);
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [file], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  return dir;
};

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  const { startUiServer } = await import('../ui/server.js');
  const db = await deps.dynamo();
  const readOnly = deps.target.kind === 'aws' && !input.allowProd;
  const server = await startUiServer(
    {
      db,
      readOnly,
      where: describeTarget(deps.target, db.region),
      schemaFile: input.schemaFile,
      schemaShown: input.schemaShown,
      usersDir: input.usersDir,
      commandLine: (...words) => deps.commandLine(...words),
    },
    { port: input.port },
  );
  deps.report.note(`ddb ui: ${server.url}`);
  deps.report.note(`${readOnly ? 'read-only (AWS without --allow-prod); ' : ''}the address holds a token: share it with no one. Ctrl-C stops.`, 'dim');
  const opened = input.open ? openBrowser(server.url) : undefined;
  const trap = deps.io.interrupts?.trap();
  await new Promise<void>((resolve) => trap?.signal.addEventListener('abort', () => resolve(), { once: true }));
  trap?.release();
  await server.close();
  if (opened) rmSync(opened, { recursive: true, force: true });
  return { url: server.url.replace(/\?token=.*/, ''), stopped: true };
};

const stoppedView: View<Result> = { table: () => '', footer: (r) => [`ddb ui at ${r.url} stopped`] };

export const command = defineCommand({
  name: 'ui',
  description: 'the tables, the declared patterns and the conversations in a browser, on 127.0.0.1 with a token; read-only against AWS unless --allow-prod',
  configure: (cmd) =>
    cmd
      .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', port)
      .option('--open', 'open the page in the default browser')
      .option('--allow-prod', 'against AWS, allow the page to write (save, delete, send)')
      .option('--schema <file>', `the schema file whose access patterns the page runs (default: ${DEFAULT_SCHEMA})`)
      .option('--users <dir>', `folder whose users.json names the users (default: ${DEFAULT_SEED_DIR}/)`),
  input: (_args: unknown, opts: { port?: number; open?: boolean; allowProd?: boolean; schema?: string; users?: string }, io): Input => ({
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    open: Boolean(opts.open),
    allowProd: Boolean(opts.allowProd),
    schemaFile: projectPath(io.cwd, opts.schema ?? DEFAULT_SCHEMA),
    schemaShown: opts.schema ?? DEFAULT_SCHEMA,
    usersDir: projectPath(io.cwd, opts.users ?? DEFAULT_SEED_DIR),
  }),
  run,
  view: stoppedView,
});
