/** ddb scan [TABLE] — every item of a table, page by page (LastEvaluatedKey followed). [API: Scan] */
import { Command } from 'commander';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { type App, positiveInt } from '../app.js';
import { DEFAULT_TABLE } from '../paths.js';
import { addCapacity, capacityText } from '../render/capacity.js';
import { type ItemWriter, jsonItemWriter, ndjsonItemWriter } from '../render/stream.js';
import { itemColumns, renderTable } from '../render/table.js';

interface Options {
  limit?: number;
  maxRows: number;
}

/** The next Scan request: a page never reads past --limit, so LastEvaluatedKey is exactly where we stopped. */
export const scanPageInput = (table: string, remaining: number | undefined, start: Record<string, unknown> | undefined): ScanCommandInput => ({
  TableName: table,
  ReturnConsumedCapacity: 'TOTAL',
  ...(remaining !== undefined ? { Limit: remaining } : {}),
  ...(start ? { ExclusiveStartKey: start } : {}),
});

export const scanCommand = (app: App): Command =>
  new Command('scan')
    .description('read every item of a table, following LastEvaluatedKey [API: Scan]')
    .argument('[table]', 'table name', DEFAULT_TABLE)
    .option('--limit <n>', 'stop after N items', positiveInt)
    .option('--max-rows <n>', 'rows shown in table output (the rest are counted)', positiveInt, 50)
    .action(
      app.action<Options>(async (rt, opts, [table = DEFAULT_TABLE]) => {
        const db = await rt.dynamo();
        const description = await db.requireTable(table);
        const keyNames = (description.KeySchema ?? []).map((k) => k.AttributeName ?? '');
        const writer: ItemWriter | undefined =
          rt.output === 'json' ? jsonItemWriter(rt.io.stdout) : rt.output === 'ndjson' ? ndjsonItemWriter(rt.io.stdout) : undefined;
        const shown: Record<string, unknown>[] = [];
        let count = 0;
        let scanned = 0;
        let capacity: ConsumedCapacity | undefined;
        let start: Record<string, unknown> | undefined;
        do {
          const remaining = opts.limit === undefined ? undefined : opts.limit - count;
          const page = await db.scan(scanPageInput(table, remaining, start));
          const items = (page.Items ?? []) as Record<string, unknown>[];
          count += items.length;
          scanned += page.ScannedCount ?? items.length;
          capacity = addCapacity(capacity, page.ConsumedCapacity);
          start = page.LastEvaluatedKey;
          if (writer) writer.items(items);
          else shown.push(...items.slice(0, Math.max(0, opts.maxRows - shown.length)));
        } while (start && (opts.limit === undefined || count < opts.limit));

        if (writer) {
          writer.end({ Count: count, ScannedCount: scanned, ConsumedCapacity: capacity, LastEvaluatedKey: start });
          return;
        }
        if (shown.length) rt.out(renderTable(shown, itemColumns(shown, keyNames), rt.chalk));
        const more = count - shown.length;
        rt.info(
          `${count.toLocaleString('en-US')} item(s)${more > 0 ? `, ${more.toLocaleString('en-US')} more not shown (raise --max-rows or use --output json)` : ''}` +
            `${start ? ' — stopped at --limit; more remain' : ''}; ${capacityText(capacity)}`,
        );
      }),
    );
