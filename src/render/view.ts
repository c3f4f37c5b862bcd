/**
 * What a command hands to the output step: its result and a View — pure functions from that result to what each
 * --output format shows. Renderers never see the runtime, the streams or the options; they return text.
 */
import type { DdbError } from '../errors.js';
import type { Style } from './style.js';

/** Text for stdout: a whole string, or chunks produced as the data arrives (written with back-pressure). */
export type Text = string | Iterable<string> | AsyncIterable<string>;

/** JSON or NDJSON already encoded, as a stream of text chunks (a scan's pages), instead of values serialised here. */
export class EncodedText {
  constructor(readonly chunks: AsyncIterable<string> | Iterable<string>) {}
}

/** A JSON array written as its elements arrive, one per line (`[`, `  elem,`, …, `]`). */
export const streamedJsonArray = <T>(items: AsyncIterable<T>, encode: (item: T) => string): EncodedText =>
  new EncodedText(
    (async function* () {
      let first = true;
      yield '[';
      for await (const item of items) {
        yield `${first ? '\n' : ',\n'}  ${encode(item)}`;
        first = false;
      }
      yield first ? ']\n' : '\n]\n';
    })(),
  );

export interface View<R> {
  /** table output (people): the text for stdout; '' for none */
  table(result: R, style: Style): Text;
  /** table output: lines for stderr after the data — counts, summaries, what to run next */
  footer?(result: R, style: Style): string[];
  /** --output json: the value to print (default: the result itself), or EncodedText to stream it */
  json?(result: R): unknown;
  /** --output ndjson: one value per line (default: the json value on one line; an array, one element per line), or EncodedText */
  ndjson?(result: R): Iterable<unknown> | AsyncIterable<unknown> | EncodedText;
  /** an error to end with after the result is shown, whatever the format (a failed audit check, drift) */
  verdict?(result: R): DdbError | undefined;
}

/** A view for results that are a list of records: a table for people, an array in JSON, a record per line in NDJSON. */
export const recordsView = <Row>(table: (rows: readonly Row[], style: Style) => string, footer?: (rows: readonly Row[], style: Style) => string[]): View<readonly Row[]> => ({
  table: (rows, style) => (rows.length ? table(rows, style) : ''),
  footer,
  json: (rows) => rows,
  ndjson: (rows) => rows,
});

/** A result that is one of several kinds (a command with modes): `{ kind, value }`. */
export type Tagged<M> = { [K in keyof M]: { kind: K; value: M[K] } }[keyof M];

/** One view per kind; the result's kind picks it. */
export const taggedView = <M>(views: { [K in keyof M]: View<M[K]> }): View<Tagged<M>> => {
  const pick = <K extends keyof M>(r: { kind: K; value: M[K] }): View<M[K]> => views[r.kind];
  return {
    table: (r, style) => pick(r).table(r.value, style),
    footer: (r, style) => pick(r).footer?.(r.value, style) ?? [],
    json: (r) => {
      const v = pick(r);
      return v.json ? v.json(r.value) : r.value;
    },
    ndjson: (r) => {
      const v = pick(r);
      if (v.ndjson) return v.ndjson(r.value);
      const value = v.json ? v.json(r.value) : r.value;
      return Array.isArray(value) ? value : [value];
    },
    verdict: (r) => pick(r).verdict?.(r.value),
  };
};
