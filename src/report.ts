/**
 * How long-running work tells people what it is doing while it runs: a line of news, a warning, a progress bar.
 * Domain code (schema apply, import, seed, export) takes a Reporter; the output layer (src/render/reporter.ts) owns the
 * implementation and decides what is shown — nothing with --output json/ndjson, bars only on a terminal. The types,
 * and the progress that shows nothing.
 */
export interface Progress {
  /** `items` done so far; `done` is progress towards the total when it is counted in something else (bytes read) */
  update(items: number, done?: number): void;
  stop(): void;
}

export type Tone = 'plain' | 'good' | 'dim';

export interface Reporter {
  /** a line for people on stderr (table output only) */
  note(text: string, tone?: Tone): void;
  /** a warning on stderr, whatever the output format */
  warn(text: string): void;
  /** a bar (known total) or a running count on a terminal; a no-op otherwise. Stop it before printing anything else. */
  progress(total?: number): Promise<Progress>;
}

export const NO_PROGRESS: Progress = { update() {}, stop() {} };
