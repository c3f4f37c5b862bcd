/**
 * ddb seed — load seed/ (users + conversations) idempotently, or --generate N messages. Writing to AWS needs
 * --allow-prod and a typed confirmation (or --yes): seed data is demo data. `--dry-run` prints the plan (src/seed/plan.ts).
 * [API: DescribeTable, Query, BatchWriteItem]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { addBulkOptions, addPlanOptions, type BulkOptions, type PlanOptions, planOptions, positiveInt, randomSeed } from '../runtime/options.js';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../writing/batch-writer.js';
import { DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import { confirmAwsWrite } from '../runtime/consent.js';
import type { SeedSummary } from '../seed/load.js';
import type { GenerateSummary } from '../seed/generate-load.js';
import { generateView, seedView } from '../render/summaries.js';
import { type Tagged, taggedView } from '../render/view.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { count } from '../text.js';
import { arg } from '../text.js';

interface Input extends BulkOptions {
  dir: string;
  table: string;
  generate?: number;
  conversations?: number;
  randomSeed: number;
  yes: boolean;
  allowProd: boolean;
  plan: PlanOptions;
}

type Next = { next: string[] };
type Result = Tagged<{ seeded: SeedSummary & Next; generated: GenerateSummary & Next; 'dry-run': DryRun }>;

/** The plan: the DescribeTable (from the schema file on a dry run, when it declares the table), then ../seed/plan.ts. */
const plan = async (input: Input, deps: Deps): Promise<DryRun> => {
  const { planTable } = await import('../schema/plan-keys.js');
  const { seedSteps } = await import('../seed/plan.js');
  const table = await planTable(input.table, { ...input.plan, db: () => deps.dynamo() });
  const steps = await seedSteps({ ...input, returnCapacity: deps.target.kind === 'aws' }, table.description);
  return dryRun([...table.steps, ...steps], table.sent);
};

export const run = async (input: Input, deps: Deps): Promise<Result> => {
  if (input.plan.dryRun) return { kind: 'dry-run', value: await plan(input, deps) };
  const what = input.generate ? `${count(input.generate)} generated messages` : 'the seed conversations';
  await confirmAwsWrite(deps, { table: input.table, what, yes: input.yes, allowProd: input.allowProd });
  const db = await deps.dynamo();
  const next = [`\`${deps.commandLine('patterns', 'list-conversations', 'andrewbrown', ...(input.table !== DEFAULT_TABLE ? ['--table', input.table] : []))}\``];
  const trap = deps.io.interrupts?.trap(); // Ctrl-C: the batches in flight finish, then the count
  try {
    if (input.generate) {
      const { generateLoad } = await import('../seed/generate-load.js');
      const summary = await generateLoad(db, { ...input, messages: input.generate, signal: trap?.signal }, deps.report);
      return { kind: 'generated', value: { ...summary, next: [...next, `\`${deps.commandLine('export', arg(input.table), '--out', 'messages.ndjson')}\``] } };
    }
    // Loaded here, not at the top: the seed reader brings zod, which `ddb --help` should not pay for.
    const { seedConversations } = await import('../seed/load.js');
    return { kind: 'seeded', value: { ...(await seedConversations(db, { ...input, signal: trap?.signal })), next } };
  } finally {
    trap?.release();
  }
};

export const command = defineCommand({
  name: 'seed',
  description: 'load the seed data (users, conversations) — idempotent: running twice leaves the same items [API: BatchWriteItem]',
  configure: (cmd) =>
    addBulkOptions(addPlanOptions(cmd), { concurrency: DEFAULT_CONCURRENCY, max: MAX_CONCURRENCY })
      .option('--dir <dir>', `seed folder with users.json and conversations/ (default: ${DEFAULT_SEED_DIR})`)
      .option('--table <name>', 'table', DEFAULT_TABLE)
      .option('--generate <n>', 'instead of seed/conversations: N generated messages between the seed users (deterministic)', positiveInt)
      .option('--conversations <c>', 'with --generate: spread over C conversations (default: N/100)', positiveInt)
      .option('--random-seed <s>', 'with --generate: the random seed (same seed, N and C → same items)', randomSeed, 1)
      .option('-y, --yes', 'against AWS: do not ask (needs --allow-prod too)')
      .option('--allow-prod', 'allow writing seed data into a table in AWS'),
  input: (_args: [], opts: Omit<Input, 'dir' | 'yes' | 'allowProd' | 'plan'> & { dir?: string; yes?: boolean; allowProd?: boolean; dryRun?: boolean; schema?: string }, io): Input => ({
    ...opts,
    plan: planOptions(opts, io),
    dir: projectPath(io.cwd, opts.dir ?? DEFAULT_SEED_DIR),
    yes: Boolean(opts.yes),
    allowProd: Boolean(opts.allowProd),
  }),
  run,
  view: taggedView({ seeded: seedView, generated: generateView, 'dry-run': dryRunView }),
});
