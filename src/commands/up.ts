/** ddb up — the quick start: engine (if nothing answers), schema-load, seed, one conversation, what to try next. */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import { DEFAULT_SCHEMA, DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import { upView, type UpResult } from '../render/up.js';
import { ttlInterval } from '../runtime/options.js';
import { DEFAULT_TTL_INTERVAL_SECONDS } from '../ttl/expiry.js';

interface Input {
  schemaFile: string;
  seedDir: string;
  cwd: string;
  /** seconds between TTL sweeps of an engine `up` starts, 0: none */
  ttlInterval: number;
}

/** Starts the local engine when nothing answers at the target (loopback only). */
const ensureEngine = async (deps: Deps, cwd: string, ttlInterval: number): Promise<void> => {
  const target = deps.target;
  if (target.kind !== 'local') throw new DdbError('usage', '`ddb up` is the local quick start', { suggestion: 'against AWS use `ddb --prod schema-load`' });
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

export const run = async (input: Input, deps: Deps): Promise<UpResult> => {
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
  configure: (cmd) => cmd.option('--ttl-interval <seconds>', "an engine it starts deletes expired TTL items at least every N seconds (0: no sweeper of ddb's)", ttlInterval, DEFAULT_TTL_INTERVAL_SECONDS),
  input: (_args: [], opts: { ttlInterval: number }, io): Input => ({ schemaFile: projectPath(io.cwd, DEFAULT_SCHEMA), seedDir: projectPath(io.cwd, DEFAULT_SEED_DIR), cwd: io.cwd, ttlInterval: opts.ttlInterval }),
  run,
  view: upView,
});
