/** `ddb local start|stop|status`: the endpoint for scripts to use, and the engines as a table for people. */
import type { LocalStatus } from '../local/engine.js';
import { renderTable } from './table.js';
import type { View } from './view.js';

export interface EngineRecord {
  endpoint: string;
  engine: string;
  version: string;
  port: number;
  pid: number;
  dataDir: string | null;
  alreadyRunning: boolean;
  /** how often expired TTL items are deleted, and by whom */
  ttlSweep?: { intervalSeconds: number; by: 'engine' | 'ddb' };
}

export interface Stopped {
  port: number;
  pid?: number;
}

export type EngineStatusRow = LocalStatus & { note?: string };

/** Table output prints only the endpoint on stdout (`export AWS_ENDPOINT_URL_DYNAMODB=$(ddb local start)`). */
export const engineStartedView: View<EngineRecord> = {
  table: (e) => e.endpoint,
  footer: (e) => [
    e.alreadyRunning
      ? `${e.engine} is already running on port ${e.port} (pid ${e.pid})`
      : `started ${e.engine} ${e.version} (pid ${e.pid}, ${e.dataDir ? `data in ${e.dataDir}` : 'in memory'}${e.ttlSweep ? `, expired TTL items deleted every ${e.ttlSweep.intervalSeconds} s by ${e.ttlSweep.by === 'ddb' ? "ddb's sweeper" : 'the engine itself'}` : ''})`,
  ],
  json: (e) => [e],
};

export const engineStoppedView: View<Stopped[]> = {
  table: () => '',
  footer: (all) => [all.length ? `stopped ${all.map((s) => `the engine on port ${s.port} (pid ${s.pid})`).join(', ')}` : 'no engine started by ddb is running'],
  json: (all) => all.map((s) => ({ stopped: true, ...s })),
};

export const engineStatusView: View<EngineStatusRow[]> = {
  table: (rows, style) =>
    !rows.length ? '' : renderTable(rows, [
      { header: 'State', value: (r) => (r.up ? style.green('up') : style.red('down')), styled: true },
      { header: 'Engine', value: (r) => r.engine ?? '' },
      { header: 'Version', value: (r) => r.version ?? '' },
      { header: 'Port', value: (r) => r.port },
      { header: 'Pid', value: (r) => r.pid ?? '' },
      { header: 'Data', value: (r) => (r.dataDir === null ? 'in memory' : (r.dataDir ?? '')), max: 50 },
      { header: 'Endpoint', value: (r) => r.endpoint, key: true },
    ], style),
  footer: (rows) => [...(rows.length ? [] : ['no engine started by ddb is running (start one with `ddb local start`)']), ...new Set(rows.flatMap((r) => (r.note ? [r.note] : [])))],
  json: (rows) => rows.map(({ note: _note, ...r }) => r),
};
