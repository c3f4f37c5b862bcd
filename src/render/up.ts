/** `ddb up`: one conversation of the seed data, and what to try next. */
import { messageColumns } from './items.js';
import { renderTable } from './table.js';
import type { View } from './view.js';

export interface UpResult {
  messages: Record<string, unknown>[];
  next: string[];
}

export const upView: View<UpResult> = {
  table: (r, style) => (r.messages.length ? renderTable(r.messages, messageColumns, style) : ''),
  footer: (r) => ['', 'next:', ...r.next.map((c) => `  ${c}`)],
  json: (r) => r,
};
