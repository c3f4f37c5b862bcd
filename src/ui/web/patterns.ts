/**
 * The Patterns page: every access pattern the schema file declares, as a form with its typed params; running one shows
 * the Query it sends (as `ddb patterns NAME --explain` does), the read capacity estimated and consumed, and the items,
 * page by page. The code patterns (create-message, create-conversation) are forms too.
 */
import { api, enc } from './api.js';
import { errorLine, fill, h } from './dom.js';
import { type Item, capacityText, itemsTable } from './values.js';

interface ParamSpec {
  name: string;
  type: string;
  optional: boolean;
}
interface PatternEntry {
  name: string;
  table: string;
  index: string | null;
  description: string;
  key: string;
  limit: number | null;
  params: ParamSpec[];
  problems: string[];
}
export interface PatternRun {
  request: unknown;
  estimate: { rcu: number; items: number; averageItemBytes?: number; source: string };
  keyNames: string[];
  items: Item[];
  count: number;
  consumed: { CapacityUnits?: number } | null;
  nextToken: string | null;
  command: string;
}

export const runPattern = (name: string, values: Record<string, string>, opts: { limit?: string; token?: string } = {}): Promise<PatternRun> =>
  api<PatternRun>(`/api/patterns/${enc(name)}`, { method: 'POST', body: { values, ...(opts.limit ? { limit: opts.limit } : {}), ...(opts.token ? { token: opts.token } : {}) } });

const PLACEHOLDER: Record<string, string> = { uuid: '5f12e71c-…', timestamp: '2026-11-01T10:00:00Z', number: '42', user: 'uuid or handle', string: 'text' };

const patternForm = (p: PatternEntry): HTMLElement => {
  const out = h('div', { class: 'result' });
  const form = h(
    'form',
    { class: 'pattern', 'data-pattern': p.name },
    p.params.map((s) => h('label', {}, `${s.name} (${s.type}${s.optional ? ', optional' : ''}) `, h('input', { name: s.name, required: !s.optional, placeholder: PLACEHOLDER[s.type] ?? '' }))),
    h('label', {}, 'limit ', h('input', { name: '__limit', type: 'number', min: 1, value: String(p.limit ?? 20), size: 4 })),
    h('button', { type: 'submit' }, 'Run'),
  );
  const tokens: (string | undefined)[] = [undefined];
  let at = 0;
  const run = async (): Promise<void> => {
    const data = new FormData(form);
    const values: Record<string, string> = {};
    for (const s of p.params) values[s.name] = String(data.get(s.name) ?? '');
    fill(out, h('p', { class: 'note' }, 'running…'));
    try {
      const r = await runPattern(p.name, values, { limit: String(data.get('__limit') ?? ''), token: tokens[at] });
      tokens[at + 1] = r.nextToken ?? undefined;
      fill(
        out,
        h('pre', { class: 'request' }, JSON.stringify(r.request, null, 2)),
        h('p', { class: 'summary' }, `estimated ${r.estimate.rcu} RCU for up to ${r.estimate.items} item(s) · page ${at + 1}: ${r.count} item(s) · ${capacityText(r.consumed)}`),
        h('pre', { class: 'copy' }, r.command),
        h(
          'div',
          { class: 'pager' },
          h('button', { type: 'button', class: 'prev', disabled: at === 0, on: { click: () => (at--, void run()) } }, '← Previous'),
          ' ',
          h('button', { type: 'button', class: 'next', disabled: !r.nextToken, on: { click: () => (at++, void run()) } }, 'Next →'),
        ),
        r.items.length ? itemsTable(r.items, r.keyNames) : h('p', {}, 'No items.'),
      );
    } catch (error) {
      fill(out, errorLine(error));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    tokens.length = 1;
    at = 0;
    void run();
  });
  return h(
    'article',
    { class: 'pattern', id: `pattern-${p.name}` },
    h('h2', {}, p.name),
    h('p', {}, p.description),
    h('p', { class: 'facts' }, `${p.table}${p.index ? ` · index ${p.index}` : ''} · ${p.key}`),
    p.problems.length ? h('ul', { class: 'error' }, p.problems.map((x) => h('li', {}, x))) : form,
    out,
  );
};

/** A form that posts its fields as JSON to `path` and shows what came back. */
const writeForm = (id: string, title: string, description: string, fields: [string, string][], path: (values: Record<string, string>) => string, done: (answer: any) => string): HTMLElement => {
  const out = h('div', { class: 'result' });
  const form = h('form', { class: 'pattern', id }, fields.map(([name, label]) => h('label', {}, `${label} `, h('input', { name, required: true }))), h('button', { type: 'submit' }, 'Send'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v)]));
    try {
      fill(out, h('p', { class: 'ok', role: 'status' }, done(await api(path(values), { method: 'POST', body: values }))));
    } catch (error) {
      fill(out, errorLine(error));
    }
  });
  return h('article', { class: 'pattern' }, h('h2', {}, title), h('p', {}, description), form, out);
};

export const patternsPage = async (): Promise<HTMLElement> => {
  const { file, patterns } = await api<{ file: string; patterns: PatternEntry[] }>('/api/patterns');
  return h(
    'section',
    {},
    h('h1', {}, 'Access patterns'),
    h('p', { class: 'note' }, `Declared in ${file}. Each runs one Query page (never a Scan); the request is the one \`ddb patterns NAME --explain\` sends.`),
    patterns.map(patternForm),
    h('h1', {}, 'Writes (code patterns)'),
    writeForm(
      'create-message',
      'create-message',
      'adds a message to a conversation and moves both group items to it, in one transaction',
      [
        ['group', 'message_group_uuid'],
        ['from', 'from (uuid or handle)'],
        ['text', 'message'],
      ],
      (v) => `/api/conversations/${enc(v.group ?? '')}/messages`,
      (a) => `Message ${a.item.message_uuid} added at ${a.item.sk}.`,
    ),
    writeForm(
      'create-conversation',
      'create-conversation',
      'a new conversation with its first message, or the message added to the one the two users already have',
      [
        ['from', 'from (uuid or handle)'],
        ['to', 'to (uuid or handle)'],
        ['text', 'message'],
      ],
      () => '/api/conversations',
      (a) => (a.existing ? `They already talk: the message was added to ${a.group}.` : `Conversation ${a.group} started.`),
    ),
  );
};
