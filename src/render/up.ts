/** `ddb up`: one conversation of the seed data, and what to try next. */
import { messageColumns } from './items.js';
import { renderTable } from './table.js';
import type { View } from './view.js';
import { type DryRun, dryRunView } from './dry-run.js';

export interface UpResult {
  messages: Record<string, unknown>[];
  next: string[];
}

export const upView: View<UpResult> = {
  table: (r, style) => (r.messages.length ? renderTable(r.messages, messageColumns, style) : ''),
  footer: (r) => ['', 'next:', ...r.next.map((c) => `  ${c}`)],
  json: (r) => r,
};

/** `up --dry-run`: the engine it would start (no request), then the plan of the schema, the seed and the read. */
export interface UpPlan extends DryRun {
  engine: { endpoint: string; dataDir: string; when: string };
}

export const upPlanView: View<UpPlan> = {
  table: (r, style) => `engine: start DynamoDB Local (dynalite without Java) at ${r.engine.endpoint} when ${r.engine.when}, data in ${r.engine.dataDir}\n${dryRunView.table(r, style)}`,
  footer: (r, style) => (dryRunView.footer?.(r, style) ?? []).map((line) => `${line}; nothing started`),
  json: (r) => ({ engine: r.engine, ...(dryRunView.json!(r) as object) }),
};
