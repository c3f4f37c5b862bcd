/** ddb local start|stop|status — the embedded engine (DynamoDB Local, loopback-only; dynalite where no Java). */
import { Command, Option } from 'commander';
import { type App, port } from '../app.js';
import { DdbError } from '../errors.js';
import { printRecords } from '../render/output.js';
import { nodeSupportNote } from '../version.js';

interface StartOptions { port: number; inMemory?: boolean; dataDir?: string; engine: 'auto' | 'dynamodb-local' | 'dynalite' }

export const localCommand = (app: App): Command => {
  const local = new Command('local').description('run a local DynamoDB in the background (bound to 127.0.0.1)');
  local.addCommand(
    new Command('start')
      .description('start DynamoDB Local (or dynalite) and return once it answers')
      .option('--port <port>', 'port', port, 8000)
      .option('--in-memory', 'keep no data on disk')
      .addOption(new Option('--data-dir <dir>', 'data folder (default: <project root>/.ddb/data)').conflicts('inMemory'))
      .addOption(new Option('--engine <engine>', 'engine').choices(['auto', 'dynamodb-local', 'dynalite']).default('auto'))
      .action(
        app.action<StartOptions>(async (rt, opts) => {
          const { defaultDataDir, defaultStateDir, startLocal } = await import('../local/engine.js');
          const engine = await startLocal({
            port: opts.port,
            inMemory: Boolean(opts.inMemory),
            engine: opts.engine,
            detached: true,
            stateDir: defaultStateDir(rt.io.env),
            dataDir: defaultDataDir(rt.io.cwd, opts.dataDir),
            log: (line) => rt.io.stderr.write(`${line}\n`),
          });
          if (engine.alreadyRunning) rt.io.stderr.write(`${engine.engine} is already running on port ${engine.port} (pid ${engine.pid})\n`);
          else rt.io.stderr.write(`started ${engine.engine} ${engine.version} (pid ${engine.pid}, ${engine.dataDir ? `data in ${engine.dataDir}` : 'in memory'})\n`);
          if (rt.output === 'table') rt.io.stdout.write(`${engine.endpoint}\n`);
          else printRecords(rt, [{ endpoint: engine.endpoint, engine: engine.engine, version: engine.version, port: engine.port, pid: engine.pid, dataDir: engine.dataDir, alreadyRunning: Boolean(engine.alreadyRunning) }], []);
        }),
      ),
  );
  local.addCommand(
    new Command('stop')
      .description('stop the engine that `ddb local start` started')
      .option('--port <port>', 'port', port, 8000)
      .option('--all', 'stop every engine ddb started')
      .action(
        app.action<{ port: number; all?: boolean }>(async (rt, opts) => {
          const { defaultStateDir, stopAllLocal, stopLocal } = await import('../local/engine.js');
          if (opts.all) {
            const all = await stopAllLocal({ stateDir: defaultStateDir(rt.io.env) });
            rt.io.stderr.write(all.length ? `stopped ${all.map((e) => `port ${e.port} (pid ${e.pid})`).join(', ')}\n` : 'no engine started by ddb is running\n');
            return;
          }
          const result = await stopLocal({ port: opts.port, stateDir: defaultStateDir(rt.io.env) });
          if (!result.stopped) throw new DdbError('local.notRunning', `no engine started by ddb runs on port ${opts.port}`, { suggestion: 'see `ddb local status`' });
          rt.io.stderr.write(`stopped the engine on port ${opts.port} (pid ${result.pid})\n`);
        }),
      ),
  );
  local.addCommand(
    new Command('status')
      .description('engine, version, port, pid, data folder, up/down: every engine ddb started, or the one on --port')
      .option('--port <port>', 'port', port)
      .action(
        app.action<{ port?: number }>(async (rt, opts) => {
          const { defaultStateDir, listLocal, localStatus } = await import('../local/engine.js');
          const stateDir = defaultStateDir(rt.io.env);
          const rows = opts.port === undefined ? await listLocal({ stateDir }) : [await localStatus({ port: opts.port, stateDir })];
          if (!rows.length && rt.human) rt.io.stderr.write('no engine started by ddb is running (start one with `ddb local start`)\n');
          printRecords(rt, rows, [
            { header: 'State', value: (r) => (r.up ? rt.chalk.green('up') : rt.chalk.red('down')) },
            { header: 'Engine', value: (r) => r.engine ?? '' },
            { header: 'Version', value: (r) => r.version ?? '' },
            { header: 'Port', value: (r) => r.port },
            { header: 'Pid', value: (r) => r.pid ?? '' },
            { header: 'Data', value: (r) => (r.dataDir === null ? 'in memory' : (r.dataDir ?? '')), max: 50 },
            { header: 'Endpoint', value: (r) => r.endpoint, max: 30 },
          ]);
          const note = nodeSupportNote();
          if (note && rt.human) rt.io.stderr.write(`${note}\n`);
        }),
      ),
  );
  return local;
};
