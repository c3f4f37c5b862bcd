/** ddb local start|stop|status — the embedded engine (DynamoDB Local, loopback-only; dynalite where no Java). */
import { Option } from 'commander';
import { defineCommand, defineGroup, type Deps } from '../runtime/define.js';
import { port, ttlInterval } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import { nodeSupportNote } from '../version.js';
import { DEFAULT_TTL_INTERVAL_SECONDS } from '../ttl/expiry.js';
import { type EngineRecord, engineStartedView, engineStatusView, engineStoppedView, type EngineStatusRow, type Stopped } from '../render/local.js';

type EngineChoice = 'auto' | 'dynamodb-local' | 'dynalite';

interface StartInput {
  port: number;
  inMemory: boolean;
  /** --data-dir, else <project root>/.ddb/data */
  dataDir?: string;
  engine: EngineChoice;
  cwd: string;
  /** seconds between TTL sweeps, 0: none */
  ttlInterval: number;
}

export const runStart = async (input: StartInput, deps: Deps): Promise<EngineRecord> => {
  const { defaultDataDir, defaultStateDir, startLocal } = await import('../local/engine.js');
  const engine = await startLocal({
    port: input.port,
    inMemory: input.inMemory,
    engine: input.engine,
    detached: true,
    stateDir: defaultStateDir(deps.io.env),
    dataDir: defaultDataDir(input.cwd, input.dataDir),
    log: (line) => deps.report.note(line),
    ttlIntervalSeconds: input.ttlInterval,
  });
  if (engine.ttlSweep && 'why' in engine.ttlSweep) deps.report.note(engine.ttlSweep.why);
  const ttlSweep = engine.ttlSweep && 'by' in engine.ttlSweep ? engine.ttlSweep : undefined;
  return { endpoint: engine.endpoint, engine: engine.engine, version: engine.version, port: engine.port, pid: engine.pid, dataDir: engine.dataDir, alreadyRunning: Boolean(engine.alreadyRunning), ...(ttlSweep ? { ttlSweep } : {}) };
};

export const runStop = async (input: { port: number; all: boolean }, deps: Deps): Promise<Stopped[]> => {
  const { defaultStateDir, stopAllLocal, stopLocal } = await import('../local/engine.js');
  const stateDir = defaultStateDir(deps.io.env);
  if (input.all) {
    const all = await stopAllLocal({ stateDir });
    for (const other of all.leftAlone) deps.report.warn(leftAloneText(other.pid, other.port));
    return all.stopped;
  }
  const result = await stopLocal({ port: input.port, stateDir });
  if (!result.stopped) {
    const why = result.leftAlone ? `${leftAloneText(result.leftAlone, input.port)}; ` : '';
    throw new DdbError('local.notRunning', `${why}no engine started by ddb runs on port ${input.port}`, { suggestion: 'see `ddb local status`' });
  }
  return [{ port: input.port, pid: result.pid }];
};

const leftAloneText = (pid: number, port: number): string => `pid ${pid} is not the engine ddb started on port ${port}: left alone (the stale state file is removed)`;

/** Every engine ddb started (state in the per-user state folder), or the one on --port. */
export const runStatus = async (input: { port?: number }, deps: Deps): Promise<EngineStatusRow[]> => {
  const { defaultStateDir, listLocal, localStatus } = await import('../local/engine.js');
  const stateDir = defaultStateDir(deps.io.env);
  const rows = input.port === undefined ? await listLocal({ stateDir }) : [await localStatus({ port: input.port, stateDir })];
  const note = nodeSupportNote();
  return rows.map((r) => ({ ...r, ...(note ? { note } : {}) }));
};

const start = defineCommand({
  name: 'start',
  description: 'start DynamoDB Local (or dynalite) and return once it answers',
  configure: (cmd) =>
    cmd
      .option('--port <port>', 'port', port, 8000)
      .option('--in-memory', 'keep no data on disk')
      .addOption(new Option('--data-dir <dir>', 'data folder (default: <project root>/.ddb/data)').conflicts('inMemory'))
      .addOption(new Option('--engine <engine>', 'engine').choices(['auto', 'dynamodb-local', 'dynalite']).default('auto'))
      .option('--ttl-interval <seconds>', "delete expired TTL items at least every N seconds, as DynamoDB would (0: no sweeper of ddb's; DynamoDB Local's own still runs every 10 s)", ttlInterval, DEFAULT_TTL_INTERVAL_SECONDS),
  input: (_args: [], opts: { port: number; inMemory?: boolean; dataDir?: string; engine: EngineChoice; ttlInterval: number }, io): StartInput => ({
    port: opts.port,
    inMemory: Boolean(opts.inMemory),
    dataDir: opts.dataDir,
    engine: opts.engine,
    cwd: io.cwd,
    ttlInterval: opts.ttlInterval,
  }),
  run: runStart,
  view: engineStartedView,
});

const stop = defineCommand({
  name: 'stop',
  description: 'stop the engine that `ddb local start` started',
  configure: (cmd) => cmd.option('--port <port>', 'port', port, 8000).option('--all', 'stop every engine ddb started'),
  input: (_args: [], opts: { port: number; all?: boolean }) => ({ port: opts.port, all: Boolean(opts.all) }),
  run: runStop,
  view: engineStoppedView,
});

const status = defineCommand({
  name: 'status',
  description: 'engine, version, port, pid, data folder, up/down: every engine ddb started, or the one on --port',
  configure: (cmd) => cmd.option('--port <port>', 'port', port),
  input: (_args: [], opts: { port?: number }) => ({ port: opts.port }),
  run: runStatus,
  view: engineStatusView,
});

export const command = defineGroup('local', 'run a local DynamoDB in the background (bound to 127.0.0.1)', [start, stop, status]);
