/**
 * The Reporter people see while a command runs (src/report.ts): notes on stderr with table output only, warnings
 * always, and a progress bar only on a terminal — piped, redirected or with --output json/ndjson there are no bar
 * frames. With a known total (bytes of a file, items to generate) a cli-progress bar with count, rate and ETA;
 * otherwise a running count. cli-progress is loaded only when a bar is shown.
 */
import type { OutStream } from '../io.js';
import { NO_PROGRESS, type Progress, type Reporter, type Tone } from '../report.js';
import type { Style } from './style.js';
import { count } from '../text.js';

export interface ReporterTarget {
  /** table output: people are reading */
  human: boolean;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  errStyle: Style;
  /** called before the first line written (the "→ where this points" line) */
  beforeFirstLine(): void;
}

const paint = (style: Style, tone: Tone | undefined, text: string): string => (tone === 'good' ? style.green(text) : tone === 'dim' ? style.dim(text) : text);

export const makeReporter = (t: ReporterTarget): Reporter => ({
  note(text, tone) {
    if (!t.human) return;
    t.beforeFirstLine();
    t.stderr.write(`${paint(t.errStyle, tone, text)}\n`);
  },
  warn(text) {
    if (t.human) t.beforeFirstLine();
    t.stderr.write(`${t.errStyle.yellow('warning:')} ${text}\n`);
  },
  async progress(total) {
    if (!t.human || t.stderr.isTTY !== true || t.env.TERM === 'dumb') return NO_PROGRESS;
    t.beforeFirstLine();
    return startBar(t.stderr, total);
  },
});

const startBar = async (stream: OutStream, total: number | undefined): Promise<Progress> => {
  const { default: cliProgress } = await import('cli-progress');
  const known = total !== undefined && total > 0;
  const bar = new cliProgress.SingleBar({
    stream: stream as NodeJS.WritableStream,
    format: known
      ? '{bar} {percentage}% | {items} items | {rate} items/s | ETA {eta_formatted}'
      : '{items} items | {rate} items/s | {duration_formatted}',
    // no hidden cursor: a Ctrl-C (which ddb leaves to Node's default, exit at once) would leave it hidden
    hideCursor: false,
    clearOnComplete: true,
    fps: 5,
    etaBuffer: 50,
  });
  const started = performance.now();
  const payload = (items: number) => {
    const seconds = (performance.now() - started) / 1000;
    return { items: count(items), rate: seconds > 0 ? count(Math.round(items / seconds)) : '0' };
  };
  bar.start(known ? total : 1, 0, payload(0));
  let stopped = false;
  return {
    update(items, done) {
      if (!stopped) bar.update(known ? (done ?? items) : 0, payload(items));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
};
