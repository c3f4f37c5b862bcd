/**
 * `ddb streams tail`, streamed as the records arrive: for people a line per record (time, event, keys) under a header;
 * for scripts the records with plain values — NDJSON one per line, JSON an array written as it grows. The count and
 * why it stopped come after (stderr); Ctrl-C ends with exit 130 and that count.
 */
import { toJson as plainJson } from '../values/json-writer.js';
import { DdbError } from '../errors.js';
import type { Tail } from '../streams/tail.js';
import { cellText } from './json.js';
import { displayWidth } from './table.js';
import type { Style } from './style.js';
import { streamedJsonArray, type View } from './view.js';
import { count, visible } from '../text.js';

const WHEN = 19;
const EVENT = 6;

/** 2026-11-25T22:48:00.000Z → 2026-11-25 22:48:00 (UTC, to the second, as DynamoDB gives it) */
const when = (iso: string | undefined): string => (iso ? iso.slice(0, 19).replace('T', ' ') : '');

const keyParts = (keys: Record<string, unknown> | undefined, names: readonly string[]): string[] => {
  const k = keys ?? {};
  const order = [...names.filter((n) => n in k), ...Object.keys(k).filter((n) => !names.includes(n))];
  return order.map((n) => visible(`${n}=${cellText(k[n])}`));
};

/** One line per record; when the keys do not fit the terminal, one line per key under the first (keys are never cut). */
const recordLines = (lead: string, parts: readonly string[], style: Style): string => {
  const one = `${lead}${parts.join('  ')}`;
  if (style.wide || displayWidth(one) <= style.width || parts.length < 2) return `${one}\n`;
  const indent = ' '.repeat(WHEN + EVENT + 4);
  return `${lead}${parts.map((p, i) => (i ? indent : '') + p).join('\n')}\n`;
};

const paintEvent = (style: Style, event: string): string =>
  (event === 'INSERT' ? style.green : event === 'REMOVE' ? style.red : style.yellow)(event.padEnd(EVENT));

const stopText = (t: Tail): string => {
  switch (t.stats.stoppedBy) {
    case 'max-records':
      return 'stopped at --max-records';
    case 'timeout':
      return 'stopped at --timeout';
    case 'stream-ended':
      return 'the stream was turned off';
    default:
      return 'stopped';
  }
};

export const tailView: View<Tail> = {
  table: (t, style) =>
    (async function* () {
      yield `${style.bold.cyan('When (UTC)'.padEnd(WHEN))}  ${style.bold.cyan('Event'.padEnd(EVENT))}  ${style.bold.cyan('Keys')}\n`;
      for await (const r of t.records) yield recordLines(`${when(r.dynamodb.ApproximateCreationDateTime).padEnd(WHEN)}  ${paintEvent(style, r.eventName ?? '')}  `, keyParts(r.dynamodb.Keys, t.keyNames), style);
    })(),
  footer: (t) => (t.stats.stoppedBy === 'interrupt' ? [] : [`${count(t.stats.records)} record(s) from ${t.table}'s stream; ${stopText(t)}`]),
  json: (t) => streamedJsonArray(t.records, plainJson),
  ndjson: (t) => t.records,
  verdict: (t) =>
    t.stats.stoppedBy === 'interrupt'
      ? new DdbError('cancelled', `interrupted: ${count(t.stats.records)} record(s) from ${t.table}'s stream`)
      : undefined,
};
