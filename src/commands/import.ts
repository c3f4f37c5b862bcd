/** ddb import TABLE FILE|- — load a JSON array, NDJSON or CSV file, streamed and validated. [API: BatchWriteItem, DescribeTable] */
import { Command, Option } from 'commander';
import type { App } from '../app.js';
import { IMPORT_FORMATS, type ImportFormat } from '../import/source.js';
import { type BulkOptions, addBulkOptions } from './bulk-options.js';

interface Options extends BulkOptions {
  format?: ImportFormat;
  types?: string;
  skipInvalid?: boolean;
  dryRun?: boolean;
  dynamodbJson?: boolean;
}

export const importCommand = (app: App): Command =>
  addBulkOptions(
    new Command('import')
      .description(
        'load items from a JSON array (.json), NDJSON (.ndjson/.jsonl) or CSV with a header (.csv), or - for stdin; ' +
          'streamed in flat memory, each record checked before it is sent, idempotent [API: BatchWriteItem, DescribeTable]',
      )
      .argument('<table>', 'table name')
      .argument('<file>', 'file to read, or - for stdin (needs --format)')
      .addOption(new Option('--format <format>', 'input format (default: from the extension)').choices(IMPORT_FORMATS))
      .option('--types <columns>', 'CSV column types, e.g. price:N,active:BOOL,tags:JSON (S, N, BOOL, JSON); others are inferred')
      .option('--dynamodb-json', 'items are DynamoDB JSON ({"pk": {"S": "x"}}, as `aws dynamodb scan` prints; an {"Item": …} wrapper is unwrapped)')
      .option('--skip-invalid', 'skip invalid records and list them at the end (default: stop at the first one)')
      .option('--dry-run', 'check the whole file and estimate the WCU it needs; write nothing'),
  ).action(
    app.action<Options>(async (rt, opts, [table, file]) => {
      const { runImport } = await import('../import/run.js');
      await runImport(rt, { ...opts, table: table as string, file: file as string });
    }),
  );
