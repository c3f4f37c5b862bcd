/**
 * Progress of a bulk command on stderr — only for people: table output and a terminal on stderr. Piped, redirected or
 * with --output json/ndjson it is a no-op, so logs and scripts never see bar frames.
 * With a known total (bytes of a file, items to generate) a cli-progress bar with count, rate and ETA; otherwise a
 * running count. cli-progress is loaded only when a bar is shown.
 */
import type { Runtime } from '../runtime.js';

export interface Progress {
  /** `done` is progress towards the total (bytes read, items generated); `items` the items written so far. */
  update(items: number, done?: number): void;
  stop(): void;
}

const none: Progress = { update() {}, stop() {} };

export const shouldShowProgress = (rt: Runtime): boolean => rt.human && rt.io.stderr.isTTY === true && rt.io.env.TERM !== 'dumb';

export const startProgress = async (rt: Runtime, total?: number): Promise<Progress> => {
  if (!shouldShowProgress(rt)) return none;
  const { default: cliProgress } = await import('cli-progress');
  const known = total !== undefined && total > 0;
  const bar = new cliProgress.SingleBar({
    stream: rt.io.stderr as NodeJS.WritableStream,
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
    return { items: items.toLocaleString('en-US'), rate: seconds > 0 ? Math.round(items / seconds).toLocaleString('en-US') : '0' };
  };
  bar.start(known ? total : 1, 0, payload(0));
  return {
    update(items, done) {
      bar.update(known ? (done ?? items) : 0, payload(items));
    },
    stop() {
      bar.stop();
    },
  };
};
