/**
 * ddb export TABLE — every item as DynamoDB JSON lines (default), NDJSON, a JSON array or CSV, to stdout or a file, through a parallel scan
 * (src/transfer/export.ts). [API: Scan]
 */
import { resolve } from 'node:path';
import { Option } from 'commander';
import { defineCommand, type Deps } from '../runtime/define.js';
import { upTo } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import { EXPORT_FORMATS, type ExportFormat } from '../output/encoders.js';
import { CSV_SAMPLE_ITEMS, exportTable, type ExportOptions, type ExportSummary } from '../transfer/export.js';
import { DEFAULT_SEGMENTS, MAX_SEGMENTS } from '../reading/parallel-scan.js';
import { exportView } from '../render/summaries.js';

const columnList = (value: string): string[] => {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new DdbError('usage', '--columns needs at least one attribute name', { suggestion: 'e.g. --columns pk,sk,message' });
  return names;
};

export const run = async (input: ExportOptions, deps: Deps): Promise<ExportSummary> =>
  exportTable(await deps.dynamo(), input, { stdout: deps.io.stdout, report: deps.report });

export const command = defineCommand({
  name: 'export',
  description:
    'write every item of a table to stdout or a file with a parallel scan: by default DynamoDB JSON lines {"Item": …} (every type exact, ' +
    'what `ddb import` and DynamoDB users read); plain NDJSON, a JSON array or CSV for people and jq (numbers exact; sets become arrays, ' +
    'binary base64 text, counted on stderr) [API: Scan]',
  configure: (cmd) =>
    cmd
      .argument('<table>', 'table name')
      .addOption(new Option('--format <format>', 'dynamodb: {"Item": …} lines, lossless; ndjson, json: plain values; csv').choices(EXPORT_FORMATS).default('dynamodb'))
      .option('--out <file>', 'write to FILE (complete or not at all: written under a temporary name, renamed at the end)')
      .option('--segments <n>', 'parallel scan: Scan requests in flight (the table is cut into ~2,500-item segments they take in turn)', upTo(MAX_SEGMENTS), DEFAULT_SEGMENTS)
      .option('--columns <names>', `CSV columns, comma-separated (default: the keys, then the attributes of the first ${CSV_SAMPLE_ITEMS} items)`, columnList),
  input: ([table]: [string], opts: { format: ExportFormat; out?: string; segments: number; columns?: string[] }, io): ExportOptions => {
    if (opts.columns && opts.format !== 'csv') throw new DdbError('usage', '--columns applies to --format csv only', { suggestion: 'add --format csv' });
    return { table, format: opts.format, file: opts.out ? resolve(io.cwd, opts.out) : null, segments: opts.segments, columns: opts.columns };
  },
  run,
  view: exportView,
});
