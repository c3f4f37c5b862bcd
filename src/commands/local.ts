/** ddb local start|stop|status — the embedded engine (DynamoDB Local, loopback-only; dynalite where no Java). */
import { join } from 'node:path';
import { Option } from 'commander';
import { defineCommand, defineGroup, type Deps } from '../runtime/define.js';
import { port } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import { nodeSupportNote } from '../version.js';
import { type EngineRecord, engineStartedView, engineStatusView, engineStoppedView, type EngineStatusRow, type Stopped } from '../render/local.js';

type EngineChoice = 'auto' | 'dynamodb-local' | 'dynalite';

interface StartInput {
  port: number;
  inMemory: boolean;
  engine: EngineChoice;
  cwd: string;
}

export const runStart = async (input: StartInput, deps: Deps): Promise<EngineRecord> => {
  const { startLocal } = await import('../local/engine.js');
  const engine = await startLocal({
    port: input.port,
    inMemory: input.inMemory,
    engine: input.engine,
    detached: true,
    stateDir: join(input.cwd, '.ddb'),
    dataDir: join(input.cwd, '.ddb', 'data'),
    log: (line) => deps.report.note(line),
  });
  return { endpoint: engine.endpoint, engine: engine.engine, version: engine.version, port: engine.port, pid: engine.pid, dataDir: engine.dataDir, alreadyRunning: Boolean(engine.alreadyRunning) };
};

export const runStop = async (input: { port: number; cwd: string }): Promise<Stopped> => {
  const { stopLocal } = await import('../local/engine.js');
  const result = await stopLocal({ port: input.port, stateDir: join(input.cwd, '.ddb') });
  if (!result.stopped) throw new DdbError('local.notRunning', `no engine started by ddb runs on port ${input.port}`, { suggestion: 'see `ddb local status`' });
  return { port: input.port, pid: result.pid };
};

export const runStatus = async (input: { port: number; cwd: string }): Promise<EngineStatusRow[]> => {
  const { localStatus } = await import('../local/engine.js');
  return [{ ...(await localStatus({ port: input.port, stateDir: join(input.cwd, '.ddb') })), note: nodeSupportNote() }];
};

const start = defineCommand({
  name: 'start',
  description: 'start DynamoDB Local (or dynalite) and return once it answers',
  configure: (cmd) =>
    cmd
      .option('--port <port>', 'port', port, 8000)
      .option('--in-memory', 'keep no data on disk')
      .addOption(new Option('--engine <engine>', 'engine').choices(['auto', 'dynamodb-local', 'dynalite']).default('auto')),
  input: (_args: [], opts: { port: number; inMemory?: boolean; engine: EngineChoice }, io): StartInput => ({ port: opts.port, inMemory: Boolean(opts.inMemory), engine: opts.engine, cwd: io.cwd }),
  run: runStart,
  view: engineStartedView,
});

const stop = defineCommand({
  name: 'stop',
  description: 'stop the engine that `ddb local start` started',
  configure: (cmd) => cmd.option('--port <port>', 'port', port, 8000),
  input: (_args: [], opts: { port: number }, io) => ({ port: opts.port, cwd: io.cwd }),
  run: runStop,
  view: engineStoppedView,
});

const status = defineCommand({
  name: 'status',
  description: 'engine, version, port, pid, data folder, up/down',
  configure: (cmd) => cmd.option('--port <port>', 'port', port, 8000),
  input: (_args: [], opts: { port: number }, io) => ({ port: opts.port, cwd: io.cwd }),
  run: runStatus,
  view: engineStatusView,
});

export const command = defineGroup('local', 'run a local DynamoDB in the background (bound to 127.0.0.1)', [start, stop, status]);
