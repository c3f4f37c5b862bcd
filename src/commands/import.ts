/** ddb import TABLE FILE|- — load a JSON array, NDJSON or CSV file, streamed and validated (src/import/). [API: BatchWriteItem, DescribeTable] */
import { Option } from 'commander';
import { defineCommand, type Deps } from '../runtime/define.js';
import { addBulkOptions } from '../runtime/options.js';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../writing/batch-writer.js';
import { projectPath } from '../paths.js';
import { IMPORT_FORMATS } from '../import/source.js';
import type { ImportOptions, ImportResult } from '../import/run.js';
import { importView } from '../render/summaries.js';
import { confirmAwsWrite } from '../runtime/consent.js';

/** commander's options: the import's own (src/import/run.ts), and the consent to write into AWS */
type Options = Omit<ImportOptions, 'table' | 'file' | 'path'> & { yes?: boolean; allowProd?: boolean };

type Input = ImportOptions & { yes: boolean; allowProd: boolean };

export const run = async (input: Input, deps: Deps): Promise<ImportResult> => {
  const { checkImportOptions, importFile } = await import('../import/run.js');
  checkImportOptions(input); // before connecting: a usage error needs no engine
  if (!input.dryRun) await confirmAwsWrite(deps, { table: input.table, what: `the items of ${input.file}`, yes: input.yes, allowProd: input.allowProd });
  const trap = deps.io.interrupts?.trap(); // Ctrl-C: the batches in flight finish, then the count
  try {
    return await importFile(await deps.dynamo(), input, { stdin: deps.io.stdin, report: deps.report, signal: trap?.signal });
  } finally {
    trap?.release();
  }
};

export const command = defineCommand({
  name: 'import',
  description:
    'load items from NDJSON (.ndjson/.jsonl), JSON (.json) or CSV with a header (.csv), or - for stdin; JSON records are read ' +
    'by their shape: `ddb export` and Export-to-S3 lines {"Item": …}, `aws dynamodb scan` output, BatchWriteItem request files, ' +
    'plain items (numbers exact); streamed in flat memory, each record checked as DynamoDB would before it is sent, idempotent [API: BatchWriteItem, DescribeTable]',
  configure: (cmd) =>
    addBulkOptions(
      cmd
        .argument('<table>', 'table name')
        .argument('<file>', 'file to read, or - for stdin (needs --format)')
        .addOption(new Option('--format <format>', 'input format (default: from the extension)').choices(IMPORT_FORMATS))
        .option('--types <columns>', 'CSV column types, e.g. price:N,active:BOOL,tags:JSON (S, N, B, BOOL, JSON, DDB); wins over a typed header (price:N); untyped columns are inferred')
        .option('--dynamodb-json', 'read every JSON record as DynamoDB JSON ({"pk": {"S": "x"}}); by default each record is read by its shape')
        .option('--plain-json', 'read every JSON record as a plain item, even one that looks like DynamoDB JSON')
        .option('--skip-invalid', 'skip invalid records and list them at the end (default: stop at the first one)')
        .option('--dry-run', 'check the whole file and estimate the WCU it needs; write nothing')
        .option('-y, --yes', 'against AWS: do not ask (needs --allow-prod too)')
        .option('--allow-prod', 'allow writing into a table in AWS'),
      { concurrency: DEFAULT_CONCURRENCY, max: MAX_CONCURRENCY },
    ),
  input: ([table, file]: [string, string], opts: Options, io): Input => ({ ...opts, table, file, path: projectPath(io.cwd, file), yes: Boolean(opts.yes), allowProd: Boolean(opts.allowProd) }),
  run,
  view: importView,
});
