/**
 * --dry-run: the plan a command would send (src/plan/step.ts). For people each request numbered, its API, whether it
 * only reads, when it is sent, and its exact input as JSON; in JSON `{"steps": [{api, read, when?, pages?, more?, input}],
 * "sent": n}`, in NDJSON one step per line. `sent` counts the steps at the front that were sent to build the plan
 * (a DescribeTable for key types the schema file does not declare); nothing else is sent.
 */
import type { Step } from '../plan/step.js';
import { toJson } from './json.js';
import type { View } from './view.js';

export interface DryRun {
  steps: readonly Step[];
  /** the first `sent` steps are reads sent to build the plan; 0: nothing was sent */
  sent: number;
}

/** A plan whose first `sent` steps were read to build it (0: none). */
export const dryRun = (steps: readonly Step[], sent = 0): DryRun => ({ steps, sent });

const stepJson = ({ api, read, when, pages, more, input }: Step) => ({ api, read, ...(when ? { when } : {}), ...(pages ? { pages } : {}), ...(more ? { more } : {}), input });

const stepText = (s: Step, n: number, sent: boolean): string => {
  const notes = [s.read ? 'read' : 'write', ...(sent ? ['sent to build the plan'] : []), ...(s.when ? [`only when ${s.when}`] : []), ...(s.pages ? [s.pages] : []), ...(s.more ? [s.more] : [])];
  const input = toJson(s.input).replace(/\n/g, '\n   ');
  return `${n}. ${s.api} (${notes.join('; ')})\n   ${input}`;
};

export const dryRunView: View<DryRun> = {
  table: (r) => `${r.steps.map((s, i) => stepText(s, i + 1, i < r.sent)).join('\n')}\n`,
  footer: (r) => [r.sent ? `dry run: ${r.steps.slice(0, r.sent).map((s) => s.api).join(', ')} sent to build the plan; nothing else sent` : 'dry run: nothing sent'],
  json: (r) => ({ steps: r.steps.map(stepJson), sent: r.sent }),
  ndjson: (r) => r.steps.map(stepJson),
};
