/**
 * `ddb streams run`: one line per invocation of the function as it ends (time, shard, records, outcome, time taken,
 * what comes next after a failure); NDJSON/JSON: the same as objects. The counts and why it stopped come after
 * (stderr); Ctrl-C ends with exit 130 and the counts.
 */
import { DdbError } from '../errors.js';
import type { BatchLine, StreamRun } from '../streams/run.js';
import { count } from '../text.js';
import type { Style } from './style.js';
import { streamedJsonArray, type View } from './view.js';

const THEN: Record<NonNullable<BatchLine['then']>, string> = {
  retry: 'retrying',
  bisect: 'split in two',
  'on-failure': 'given up: described to --on-failure',
  discard: 'given up: discarded (no --on-failure)',
  stop: 'left for the next run',
};

const line = (l: BatchLine, style: Style): string => {
  const outcome = l.outcome === 'ok' ? style.green('ok'.padEnd(6)) : style.red('failed');
  const tail = l.outcome === 'ok' ? '' : `  ${l.error ?? ''} → ${THEN[l.then ?? 'stop']}`;
  return `${l.at.slice(11, 19)}  #${l.invocation}  ${`${count(l.records)} record(s)`.padEnd(13)}  ${outcome}  ${`${l.ms} ms`.padStart(8)}${l.attempt > 1 ? `  attempt ${l.attempt}` : ''}${tail}\n`;
};

const summary = (r: StreamRun): string => {
  const s = r.stats;
  return `${count(s.invocations)} invocation(s): ${count(s.delivered)} record(s) delivered, ${count(s.filtered)} filtered out, ${count(s.discarded)} given up on`;
};

const stopText = (r: StreamRun): string =>
  r.stats.stoppedBy === 'timeout' ? 'stopped at --timeout' : r.stats.stoppedBy === 'stream-ended' ? 'the stream was turned off' : 'stopped';

export const runView: View<StreamRun> = {
  table: (r, style) =>
    (async function* () {
      for await (const l of r.lines) yield line(l, style);
    })(),
  footer: (r) => (r.stats.stoppedBy === 'interrupt' ? [] : [`${summary(r)}; ${stopText(r)}`, `checkpoint: ${r.checkpoint}`]),
  json: (r) => streamedJsonArray(r.lines, (l) => JSON.stringify(l)),
  ndjson: (r) => r.lines,
  verdict: (r) => (r.stats.stoppedBy === 'interrupt' ? new DdbError('cancelled', `interrupted: ${summary(r)}`) : undefined),
};
