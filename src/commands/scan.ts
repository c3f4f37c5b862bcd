/**
 * ddb scan [TABLE] — every item of a table, page by page (LastEvaluatedKey followed), optionally as a parallel scan
 * of N segments (the machinery of `ddb export`). [API: Scan]
 */
import { Command } from 'commander';
import { type App, positiveInt } from '../app.js';
import { DEFAULT_TABLE } from '../paths.js';
import { capacityText } from '../render/capacity.js';
import { parallelScan, splitsFor } from '../data/parallel-scan.js';
import { OutputClosed, streamSink } from '../data/sink.js';
import { segmentsOption } from './export.js';
import { type ItemWriter, jsonItemWriter, ndjsonItemWriter } from '../render/stream.js';
import { itemColumns, renderTable } from '../render/table.js';

interface Options {
  limit?: number;
  maxRows: number;
  segments: number;
}

export const scanCommand = (app: App): Command =>
  new Command('scan')
    .description('read every item of a table, following LastEvaluatedKey [API: Scan]')
    .argument('[table]', 'table name', DEFAULT_TABLE)
    .option('--limit <n>', 'stop after N items', positiveInt)
    .option('--max-rows <n>', 'rows shown in table output (the rest are counted)', positiveInt, 50)
    .option('--segments <n>', 'parallel scan with N requests in flight (items then arrive in no particular order)', segmentsOption, 1)
    .action(
      app.action<Options>(async (rt, opts, [table = DEFAULT_TABLE]) => {
        const db = await rt.dynamo();
        const description = await db.requireTable(table);
        const keyNames = (description.KeySchema ?? []).map((k) => k.AttributeName ?? '');
        // JSON/NDJSON: each page is encoded into `text`, then written with back-pressure; a closed pipe (`| head`) ends quietly.
        let text = '';
        const buffer = { write: (chunk: string) => (text += chunk) };
        const writer: ItemWriter | undefined = rt.output === 'json' ? jsonItemWriter(buffer) : rt.output === 'ndjson' ? ndjsonItemWriter(buffer) : undefined;
        const sink = streamSink(rt.io.stdout);
        const flush = async (): Promise<void> => {
          await sink.write(text);
          text = '';
        };
        const shown: Record<string, unknown>[] = [];
        // One segment keeps the table's order and an exact LastEvaluatedKey; several also cut the table into ~2,500-item segments.
        const totalSegments = opts.segments > 1 ? splitsFor(opts.segments, description.ItemCount) : 1;
        const scan = parallelScan(db, { table, segments: opts.segments, totalSegments, limit: opts.limit });
        try {
          await flush();
          for await (const { items } of scan) {
            if (writer) {
              writer.items(items);
              await flush();
            } else shown.push(...items.slice(0, Math.max(0, opts.maxRows - shown.length)));
          }
        } catch (error) {
          if (error instanceof OutputClosed) return;
          throw sink.failed(error);
        }
        const { items: count, scanned, consumedRcu, lastEvaluatedKey: start } = scan.stats;
        const capacity = consumedRcu === undefined ? undefined : { TableName: table, CapacityUnits: consumedRcu };
        const stoppedEarly = start !== undefined || (totalSegments > 1 && opts.limit !== undefined && count >= opts.limit);

        if (writer) {
          writer.end({ Count: count, ScannedCount: scanned, ConsumedCapacity: capacity, LastEvaluatedKey: start });
          await flush().catch((error: unknown) => {
            if (!(error instanceof OutputClosed)) throw error;
          });
          return;
        }
        if (shown.length) rt.out(renderTable(shown, itemColumns(shown, keyNames), rt.chalk));
        const more = count - shown.length;
        rt.info(
          `${count.toLocaleString('en-US')} item(s)${more > 0 ? `, ${more.toLocaleString('en-US')} more not shown (raise --max-rows or use --output json)` : ''}` +
            `${stoppedEarly ? ' — stopped at --limit; more may remain' : ''}; ${capacityText(capacity)}`,
        );
      }),
    );
