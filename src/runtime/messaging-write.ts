/**
 * What the messaging app's write commands (`ddb patterns create-message`, `create-conversation`) share: the options
 * that say where users are looked up and where the write goes, and the run around the write — the plan on --dry-run
 * (nothing sent), else consent for AWS, then the write.
 */
import type { Command } from 'commander';
import { DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import type { Step } from '../plan/step.js';
import { type DryRun, dryRun } from '../render/dry-run.js';
import type { Tagged } from '../render/view.js';
import { confirmAwsWrite } from './consent.js';
import type { Deps } from './session.js';

export interface WriteOptions {
  users?: string;
  table: string;
  dryRun?: boolean;
  yes?: boolean;
  allowProd?: boolean;
}

export interface WriteInput {
  /** the folder whose users.json resolves handles */
  usersDir: string;
  table: string;
  dryRun: boolean;
  yes: boolean;
  allowProd: boolean;
}

export type WriteResult<W> = Tagged<{ written: W; 'dry-run': DryRun }>;

export const writeOptions = (cmd: Command, help: { users: string; dryRun: string }): Command =>
  cmd
    .option('--users <dir>', help.users)
    .option('--table <name>', 'table', DEFAULT_TABLE)
    .option('--allow-prod', 'allow writing into a table in AWS (then a typed yes, or --yes)')
    .option('-y, --yes', 'with --allow-prod: do not ask')
    .option('--dry-run', help.dryRun);

export const writeInput = (opts: WriteOptions, cwd: string): WriteInput => ({
  usersDir: projectPath(cwd, opts.users ?? DEFAULT_SEED_DIR),
  table: opts.table,
  dryRun: Boolean(opts.dryRun),
  yes: Boolean(opts.yes),
  allowProd: Boolean(opts.allowProd),
});

/** `what` names the write in the AWS consent ("a message"); `plan` is what --dry-run prints. */
export const runWrite = async <W>(
  input: WriteInput,
  deps: Deps,
  what: string,
  plan: () => Promise<Step[]>,
  write: () => Promise<W>,
): Promise<WriteResult<W>> => {
  if (input.dryRun) return { kind: 'dry-run', value: dryRun(await plan()) };
  await confirmAwsWrite(deps, { table: input.table, what, yes: input.yes, allowProd: input.allowProd });
  return { kind: 'written', value: await write() };
};
