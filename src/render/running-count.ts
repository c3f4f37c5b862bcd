/**
 * A running count on stderr for work whose total is unknown (a scan): "exported 120,000 items · 14,200/s".
 * Only on a terminal and with table output, redrawn at most 5 times a second; piped or JSON runs see nothing.
 */
import type { Runtime } from '../runtime.js';

export interface RunningCount {
  update(count: number): void;
  done(): void;
}

export const runningCount = (rt: Runtime, verb: string): RunningCount => {
  const stderr = rt.io.stderr;
  if (!rt.human || !stderr.isTTY) return { update() {}, done() {} };
  const started = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update(count) {
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      drawn = true;
      const rate = Math.round(count / Math.max((now - started) / 1000, 0.001));
      stderr.write(`\r\x1b[2K${verb} ${count.toLocaleString('en-US')} items · ${rate.toLocaleString('en-US')}/s`);
    },
    done() {
      if (drawn) stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
};
