/**
 * ddb up — the quick start: engine (if nothing answers), schema-load, seed, one conversation, what to try next.
 * `--dry-run`: what a first `up` does — the engine it would start, the schema's requests, the seed's, the read of the
 * conversation — with nothing started and nothing sent.
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import { DEFAULT_SCHEMA, DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import { upPlanView, type UpPlan, upView, type UpResult } from '../render/up.js';
import { type Tagged, taggedView } from '../render/view.js';
import { describeStep, type Step } from '../plan/step.js';
import { dryRun } from '../render/dry-run.js';
import { ttlInterval } from '../runtime/options.js';
import { DEFAULT_TTL_INTERVAL_SECONDS } from '../ttl/expiry.js';

interface Input {
  schemaFile: string;
  seedDir: string;
  cwd: string;
  /** seconds between TTL sweeps of an engine `up` starts, 0: none */
  ttlInterval: number;
  dryRun: boolean;
}

const localOnly = (deps: Deps): { endpoint: string } => {
  const target = deps.target;
  if (target.kind !== 'local') throw new DdbError('usage', '`ddb up` is the local quick start', { suggestion: 'against AWS use `ddb --prod schema-load`' });
  return target;
};

/** Starts the local engine when nothing answers at the target (loopback only). */
const ensureEngine = async (deps: Deps, cwd: string, ttlInterval: number): Promise<void> => {
  const target = localOnly(deps);
  const { defaultDataDir, defaultStateDir, isAnswering, ourEngineOn, servesData, startLocal } = await import('../local/engine.js');
  const url = new URL(target.endpoint);
  const loopback = ['localhost', '127.0.0.1'].includes(url.hostname);
  const port = Number(url.port || 80);
  if (await isAnswering(target.endpoint)) {
    // An engine ddb started for another project answers here too: its tables are not this project's.
    const running = loopback ? ourEngineOn({ port, stateDir: defaultStateDir(deps.io.env) }) : undefined;
    const mine = defaultDataDir(cwd);
    if (running && !servesData(running.dataDir, mine)) {
      throw new DdbError('local.portBusy', `the engine on port ${port} (pid ${running.pid}) serves another project's data folder ${running.dataDir}, not ${mine}`, {
        suggestion: `stop it first (\`ddb local stop --port ${port}\`), or run this project on another port: \`ddb --endpoint-url http://localhost:${port === 65535 ? 8001 : port + 1} up\``,
      });
    }
    return;
  }
  if (!loopback) throw new DdbError('endpoint.unreachable', `nothing answers at ${target.endpoint}`);
  const engine = await startLocal({
    port,
    inMemory: false,
    engine: 'auto',
    detached: true,
    stateDir: defaultStateDir(deps.io.env),
    dataDir: defaultDataDir(cwd),
    log: (line) => deps.report.note(line),
    ttlIntervalSeconds: ttlInterval,
  });
  if (engine.ttlSweep && 'why' in engine.ttlSweep) deps.report.note(engine.ttlSweep.why);
  deps.report.note(`${engine.alreadyRunning ? `${engine.engine} is already running` : `started ${engine.engine} ${engine.version}`} at ${engine.endpoint} (pid ${engine.pid})`);
};

/**
 * The plan of a first `up` (pure but for reading the project's files): the tables as new (CreateTable and what follows
 * it, each only when the table is not there yet), the seed into the messaging table, the read of its first
 * conversation. The engine start is no request: the plan names it apart.
 */
const plan = async (input: Input, deps: Deps): Promise<UpPlan> => {
  const { endpoint } = localOnly(deps);
  const { defaultDataDir } = await import('../local/state.js');
  const { loadSchemaFile } = await import('../schema/load.js');
  const { planSchema } = await import('../schema/plan.js');
  const { FULL_CAPABILITIES } = await import('../schema/live.js');
  const schema = await loadSchemaFile(input.schemaFile);
  const schemaSteps = planSchema(schema, new Map(), { prod: false, capabilities: FULL_CAPABILITIES }).flatMap((p): Step[] => [
    describeStep(p.table),
    ...p.steps.map((s): Step => ({ ...s.operation, read: false, when: `${p.table} does not exist yet (an existing table is changed as \`ddb schema-load --plan\` says; nothing destructive)` })),
  ]);
  const { messagingTable } = await import('../messaging/keys.js');
  const table = messagingTable(schema)?.name ?? DEFAULT_TABLE;
  const { planTable } = await import('../schema/plan-keys.js');
  const { seedSteps } = await import('../seed/plan.js');
  const described = await planTable(table, { dryRun: true, schemaFile: input.schemaFile, db: () => deps.dynamo() });
  const seed = await seedSteps({ table, dir: input.seedDir, returnCapacity: false }, described.description);
  const { loadConversations } = await import('../seed/files.js');
  const [first] = await loadConversations(input.seedDir);
  const group = first?.conversation.message_group_uuid;
  const { buildQuery, declaredPatterns } = await import('../patterns/declared.js');
  const { queryStep } = await import('../reading/query.js');
  const conversation = declaredPatterns(schema).find((d) => d.name === 'get-conversation');
  const read = group && conversation ? [queryStep(buildQuery(conversation.table, conversation.pattern, { group }, { limit: 10 }), { limit: 10 })] : [];
  return {
    engine: { endpoint, dataDir: defaultDataDir(input.cwd), when: 'nothing answers there' },
    // a DescribeTable sent to build the plan (the seed's table is not in the schema file) comes first, as a plan's sent steps do
    ...dryRun(described.sent ? [...described.steps, ...schemaSteps, ...seed, ...read] : [...schemaSteps, ...described.steps, ...seed, ...read], described.sent),
  };
};

export const run = async (input: Input, deps: Deps): Promise<Tagged<{ up: UpResult; 'dry-run': UpPlan }>> => {
  if (input.dryRun) return { kind: 'dry-run', value: await plan(input, deps) };
  return { kind: 'up', value: await up(input, deps) };
};

const up = async (input: Input, deps: Deps): Promise<UpResult> => {
  await ensureEngine(deps, input.cwd, input.ttlInterval);
  const db = await deps.dynamo();
  const { loadSchemaFile } = await import('../schema/load.js');
  const { syncSchema } = await import('../schema/sync.js');
  const schema = await loadSchemaFile(input.schemaFile);
  // Only what is safe: a destructive change to an existing table is refused (no --yes here).
  await syncSchema(db, schema, { prod: false, yes: false, confirm: undefined, report: deps.report, showPlan: () => undefined });
  // The seed goes into the file's messaging table, whatever it is called (a file without one: the default name).
  const { messagingTable } = await import('../messaging/keys.js');
  const table = messagingTable(schema)?.name ?? DEFAULT_TABLE;
  const { seedConversations } = await import('../seed/load.js');
  const seeded = await seedConversations(db, { table, dir: input.seedDir, concurrency: 8 });
  deps.report.note(`seeded ${seeded.messages} messages in ${seeded.conversations} conversation(s)`);
  const { loadConversations } = await import('../seed/files.js');
  const [first] = await loadConversations(input.seedDir);
  const group = first?.conversation.message_group_uuid;
  const { queryUpTo } = await import('../reading/query.js');
  // The conversation as `ddb patterns get-conversation` shows it, when the schema file declares that pattern.
  const { buildQuery, declaredPatterns, inDisplayOrder } = await import('../patterns/declared.js');
  const conversation = declaredPatterns(schema).find((d) => d.name === 'get-conversation');
  const messages =
    group && conversation
      ? inDisplayOrder(conversation.pattern, (await queryUpTo(db, buildQuery(conversation.table, conversation.pattern, { group }, { limit: 10 }), { limit: 10 })).Items)
      : [];
  return {
    messages,
    next: [
      deps.commandLine('patterns', 'list-conversations', 'andrewbrown'),
      ...(group ? [deps.commandLine('patterns', 'get-conversation', group, '--limit', 50)] : []),
      deps.commandLine('list-tables'),
      deps.commandLine('scan', ...(table === DEFAULT_TABLE ? [] : [table]), '--output', 'json'),
    ],
  };
};

export const command = defineCommand({
  name: 'up',
  description: 'start the local engine if needed, load the schema and seed data, and show a conversation',
  configure: (cmd) =>
    cmd
      .option('--ttl-interval <seconds>', "an engine it starts deletes expired TTL items at least every N seconds (0: no sweeper of ddb's)", ttlInterval, DEFAULT_TTL_INTERVAL_SECONDS)
      .option('--dry-run', 'print what a first run does — the engine it starts, the requests of the schema and the seed — and start nothing, send nothing'),
  input: (_args: [], opts: { ttlInterval: number; dryRun?: boolean }, io): Input => ({
    schemaFile: projectPath(io.cwd, DEFAULT_SCHEMA),
    seedDir: projectPath(io.cwd, DEFAULT_SEED_DIR),
    cwd: io.cwd,
    ttlInterval: opts.ttlInterval,
    dryRun: Boolean(opts.dryRun),
  }),
  run,
  view: taggedView({ up: upView, 'dry-run': upPlanView }),
});
