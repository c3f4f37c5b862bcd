/**
 * ddb schema-load — make the live tables match the schema file: `--plan` shows the ordered changes (exit 6 when
 * there are any), a plain run applies them one at a time and waits; `--dry-run` prints the CreateTable requests.
 * [API: CreateTable, UpdateTable, UpdateTimeToLive, UpdateContinuousBackups, TagResource, UntagResource]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { positiveInt } from '../runtime/options.js';
import { DEFAULT_SCHEMA, projectPath } from '../paths.js';
import { loadSchemaFile } from '../schema/load.js';
import { createTableInput } from '../schema/create-table.js';
import { appliedView, planView, renderPlan, type SchemaLoadResult } from '../render/plan.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import type { TablePlan } from '../schema/plan.js';
import { type Tagged, taggedView } from '../render/view.js';

type Mode = 'apply' | 'plan' | 'dry-run';

interface Input {
  schemaFile: string;
  mode: Mode;
  yes: boolean;
  /** --wait-timeout: seconds; default PLAN_WAIT_SECONDS for a plan, APPLY_WAIT_SECONDS for an apply */
  waitTimeout?: number;
}

type Result = Tagged<{ apply: SchemaLoadResult; plan: TablePlan[]; 'dry-run': DryRun }>;

export const run = async ({ schemaFile, mode, yes, waitTimeout }: Input, deps: Deps): Promise<Result> => {
  const schema = await loadSchemaFile(schemaFile);
  const prod = deps.target.kind === 'aws';
  if (mode === 'dry-run') return { kind: mode, value: dryRun(schema.tables.map((t) => ({ api: 'CreateTable', input: createTableInput(t, { prod }), read: false }))) };
  const db = await deps.dynamo();
  const { PLAN_WAIT_SECONDS, planAgainstLive, syncSchema, waitingNote } = await import('../schema/sync.js');
  if (mode === 'plan') {
    const waiting = { indexes: false, timeoutSeconds: waitTimeout ?? PLAN_WAIT_SECONDS, onWait: waitingNote(deps.report) };
    return { kind: mode, value: await planAgainstLive(db, schema, prod, waiting) };
  }
  const result = await syncSchema(db, schema, {
    prod,
    yes,
    waitTimeoutSeconds: waitTimeout,
    confirm: deps.prompt.available ? async (question) => (await deps.prompt.ask(question)) === 'yes' : undefined,
    report: deps.report,
    showPlan: (plans) => deps.show({ table: (p, style) => renderPlan(p, style) }, plans),
  });
  return { kind: mode, value: result };
};

export const command = defineCommand({
  name: 'schema-load',
  description: 'make the tables match the schema file: create, add/remove indexes, billing, stream, TTL, PITR, protection, tags; waits until ACTIVE [API: CreateTable, UpdateTable]',
  configure: (cmd) =>
    cmd
      .option('--schema <file>', `schema file (default: ${DEFAULT_SCHEMA})`)
      .option('--plan', 'show the changes in the order they would be applied and change nothing (exit 6 when there are any)')
      .option('-y, --yes', 'apply destructive changes (and changes in AWS) without asking')
      .option('--dry-run', 'print the CreateTable requests without contacting DynamoDB (JSON with --output json)')
      .option('--wait-timeout <seconds>', 'the longest wait for a table or index mid-change (default: 180 for --plan, 3600 to apply)', positiveInt),
  input: (_args: [], opts: { schema?: string; plan?: boolean; yes?: boolean; dryRun?: boolean; waitTimeout?: number }, io): Input => ({
    schemaFile: projectPath(io.cwd, opts.schema ?? DEFAULT_SCHEMA),
    mode: opts.dryRun ? 'dry-run' : opts.plan ? 'plan' : 'apply',
    yes: Boolean(opts.yes),
    waitTimeout: opts.waitTimeout,
  }),
  run,
  view: taggedView({ apply: appliedView, plan: planView, 'dry-run': dryRunView }),
});
