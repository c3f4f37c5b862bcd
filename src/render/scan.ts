/**
 * `ddb scan`: the command hands over two reads, started when shown — for people the first rows and, when the table
 * goes on, the command for the next page (only those pages are read); for scripts every item up to --limit, streamed
 * page by page — JSON in DynamoDB's reply shape {"Items": […], "Count", "ScannedCount", "ConsumedCapacity",
 * "LastEvaluatedKey", "NextToken"}, NDJSON one item per line.
 */
import { encodeToken } from '../reading/next-token.js';
import { encodePages, jsonEncoder, ndjsonEncoder } from '../output/encoders.js';
import type { ParallelScan } from '../reading/parallel-scan.js';
import { capacityText } from './items.js';
import { itemColumns, renderTable } from './table.js';
import { EncodedText, type View } from './view.js';
import { count } from '../text.js';

type Item = Record<string, unknown>;

export interface ScanResult {
  table: string;
  /** --index: the token names it too */
  index?: string;
  keyNames: string[];
  /** for people: the first --max-rows items (no more than --limit); the read starts when they are shown */
  shown: ParallelScan;
  /** for scripts: every item up to --limit, streamed */
  all: ParallelScan;
  /** --limit */
  limit: number | undefined;
  /** --max-rows */
  maxRows: number;
  nextCommand(token: string): string;
}

async function* pagesOf(scan: ParallelScan): AsyncGenerator<Item[]> {
  for await (const page of scan) yield page.items;
}

const capacityOf = (r: ScanResult, scan: ParallelScan) => (scan.stats.consumedRcu === undefined ? undefined : { TableName: r.table, CapacityUnits: scan.stats.consumedRcu });

/** The reply's closing fields, known once the last page is read. */
const tail = (r: ScanResult, scan: ParallelScan): Record<string, unknown> => {
  const last = scan.stats.lastEvaluatedKey;
  return {
    Count: scan.stats.items,
    ScannedCount: scan.stats.scanned,
    ConsumedCapacity: capacityOf(r, scan),
    LastEvaluatedKey: last,
    NextToken: last ? encodeToken(last, { table: r.table, index: r.index }) : undefined,
  };
};

export const scanView: View<ScanResult> = {
  table: (r, style) =>
    (async function* () {
      const rows: Item[] = [];
      for await (const items of pagesOf(r.shown)) rows.push(...items);
      // key columns that some row has (a --projection may leave them out)
      if (rows.length) yield `${renderTable(rows, itemColumns(rows, r.keyNames.filter((k) => rows.some((i) => k in i))), style)}\n`;
    })(),
  // after the rows: what the read of them counted
  footer: (r) => {
    const { items: rows, lastEvaluatedKey: last } = r.shown.stats;
    const atLimit = r.limit !== undefined && rows >= r.limit;
    const more = last && !atLimit ? [`more: ${r.nextCommand(encodeToken(last, { table: r.table, index: r.index }))}`] : !last && rows >= r.maxRows && !atLimit ? ['more may remain (a parallel scan has no next-page token): raise --max-rows or use --output json'] : [];
    return [`${count(rows)} item(s)${atLimit ? ' (--limit)' : ''}; ${capacityText(capacityOf(r, r.shown))}`, ...more];
  },
  json: (r) => new EncodedText(encodePages(pagesOf(r.all), jsonEncoder({ name: 'Items', tail: () => tail(r, r.all) }))),
  ndjson: (r) => new EncodedText(encodePages(pagesOf(r.all), ndjsonEncoder())),
};
