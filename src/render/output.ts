/**
 * The output step: the one place where --output is looked at. It turns a command's result into table, JSON or
 * NDJSON through the command's View and writes it — data on stdout (with back-pressure; a closed pipe such as
 * `| head` ends quietly), notes for people on stderr.
 */
import { OutputClosed, streamSink } from '../output/sink.js';
import type { DdbError } from '../errors.js';
import type { OutputFormat } from '../target.js';
import type { OutStream } from '../io.js';
import { toJson, toJsonLine } from './json.js';
import type { Reporter } from '../report.js';
import { makeReporter } from './reporter.js';
import type { Style } from './style.js';
import { wrap } from './width.js';
import { EncodedText, type Text, type View } from './view.js';

export interface OutputTarget {
  format: OutputFormat;
  stdout: OutStream;
  stderr: OutStream;
  style: Style;
  errStyle: Style;
  /** called before the first thing people see (the "→ where this points" line); only with table output */
  beforeFirstLine(): void;
}

const isAsync = (value: unknown): value is AsyncIterable<unknown> => Boolean(value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function');

async function* chunksOf(text: Text): AsyncGenerator<string> {
  if (typeof text === 'string') yield text;
  else if (isAsync(text)) yield* text;
  else yield* text;
}

async function* lines(values: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const value of values) yield `${toJsonLine(value)}\n`;
}

const ndjsonDefault = (value: unknown): Iterable<unknown> => (Array.isArray(value) ? value : [value]);

const jsonText = <R>(result: R, view: View<R>, format: OutputFormat): Text => {
  if (format === 'json') {
    const value = view.json ? view.json(result) : result;
    return value instanceof EncodedText ? value.chunks : `${toJson(value)}\n`;
  }
  const values = view.ndjson ? view.ndjson(result) : ndjsonDefault(view.json ? view.json(result) : result);
  return values instanceof EncodedText ? values.chunks : lines(values);
};

/**
 * Where a command's output goes, opened once per command: the Reporter for news while it runs, intermediate results
 * for people (the plan before it is applied), and the result at the end.
 */
export interface Output {
  readonly reporter: Reporter;
  show<T>(view: View<T>, value: T): void;
  present<R>(result: R, view: View<R>): Promise<void>;
}

export const openOutput = (out: OutputTarget, env: NodeJS.ProcessEnv): Output => {
  const human = out.format === 'table';
  return {
    reporter: makeReporter({ human, stderr: out.stderr, env, errStyle: out.errStyle, beforeFirstLine: out.beforeFirstLine }),
    show(view, value) {
      if (!human) return;
      const text = view.table(value, out.errStyle);
      if (typeof text !== 'string' || !text) return;
      out.beforeFirstLine();
      out.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    present: (result, view) => present(result, view, out),
  };
};

/**
 * A note for people, wrapped at spaces to the terminal's width (not when piped); a line that holds a command to copy
 * (`more: ddb …`, or one in backticks) stays whole, so that it can be copied as it is.
 */
const proseLine = (line: string, style: Style): string => (!style.terminal || style.wide || line.startsWith('more: ') || line.includes('`') ? line : wrap(line, style.width));

/** Writes the result in the chosen format; then throws the view's verdict, if any (its exit code is the command's). */
export const present = async <R>(result: R, view: View<R>, out: OutputTarget): Promise<void> => {
  const table = out.format === 'table' ? view.table(result, out.style) : undefined;
  // A whole table ends with a newline; streamed chunks are written as they are.
  const text = table === undefined ? jsonText(result, view, out.format) : typeof table === 'string' && table && !table.endsWith('\n') ? `${table}\n` : table;
  const sink = streamSink(out.stdout);
  try {
    for await (const chunk of chunksOf(text)) {
      if (!chunk) continue;
      if (table !== undefined) out.beforeFirstLine();
      await sink.write(chunk);
    }
    await sink.commit(); // the last write's failure, if any, is known now
  } catch (error) {
    if (!(error instanceof OutputClosed)) throw sink.failed(error); // says when stdout already holds part of it
    return; // the reader went away: nothing more to say
  }
  if (out.format === 'table') {
    for (const line of view.footer?.(result, out.errStyle) ?? []) {
      out.beforeFirstLine();
      out.stderr.write(`${proseLine(line, out.errStyle)}\n`);
    }
  }
  const verdict: DdbError | undefined = view.verdict?.(result);
  if (verdict) throw verdict;
};
