/**
 * The TTL sweeper of a detached local engine, run as its own small node process (bundled to dist/ttl-sweeper.js):
 *   node dist/ttl-sweeper.js --endpoint http://127.0.0.1:8000 --interval 10 --engine-pid 1234 --log <sweep log>
 * Every interval it sweeps the engine's tables with TTL enabled (src/ttl/sweep.ts). It lives as long as the engine:
 * `ddb local stop` stops it (./ttl-sweeper.ts), and it ends by itself once the engine's process is gone. A sweep waits
 * for the previous one, and the pause after a sweep is at least four times what it took, so a big table is swept
 * less often rather than all the time. Errors (an engine restarting, a table being dropped) are logged and the next
 * sweep tries again.
 */
import { parseArgs } from 'node:util';
import { pidAlive } from './process.js';
import { Dynamo } from '../aws/dynamo.js';
import { sweep } from '../ttl/sweep.js';

const { values } = parseArgs({
  options: { endpoint: { type: 'string' }, interval: { type: 'string' }, 'engine-pid': { type: 'string' }, log: { type: 'string' } },
  strict: true,
});
const intervalMs = Number(values.interval) * 1000;
const enginePid = Number(values['engine-pid']);
if (!values.endpoint || !(intervalMs > 0) || !(enginePid > 0)) {
  console.error('ddb: usage: ttl-sweeper --endpoint URL --interval SECONDS --engine-pid PID [--log FILE]');
  process.exitCode = 2;
} else {
  const db = await Dynamo.connect({ kind: 'local', endpoint: values.endpoint, region: 'us-east-1', source: 'flag' });
  let stopping = false;
  let wake: (() => void) | undefined;
  const stop = (): void => {
    stopping = true;
    wake?.();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  while (!stopping && pidAlive(enginePid)) {
    const started = Date.now();
    try {
      const swept = await sweep(db, { now: new Date(), logPath: values.log });
      const deleted = swept.reduce((n, t) => n + t.deleted, 0);
      if (deleted) console.log(`${new Date().toISOString()} deleted ${deleted} expired item(s): ${swept.filter((t) => t.deleted).map((t) => `${t.table} ${t.deleted}`).join(', ')}`);
    } catch (error) {
      console.error(`${new Date().toISOString()} sweep failed: ${(error as Error).message}`);
    }
    const pause = Math.max(intervalMs, 4 * (Date.now() - started));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pause);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  db.destroy();
}
