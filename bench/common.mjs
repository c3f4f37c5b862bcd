/** What every benchmark script shares: its log line, medians, numbers, a free port, the machine line, Markdown tables. */
import { createServer } from 'node:net';
import { cpus } from 'node:os';

export const log = (s) => process.stderr.write(`${s}\n`);
export const print = (s = '') => process.stdout.write(`${s}\n`);
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const fmt = (n) => Math.round(n).toLocaleString('en-US');

/** A port the OS just handed out on loopback (as the test setup picks one). */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export const machine = () => `${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}, ${process.platform}`;

/** A Markdown table: the first column left-aligned, the others right-aligned. */
export const table = (head, rows) => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
};

/** CreateTable for the messages table's keys (pk, sk), on demand, without the GSI: one item written per item. */
export const messagesTableInput = (TableName) => ({
  TableName,
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  BillingMode: 'PAY_PER_REQUEST',
});
