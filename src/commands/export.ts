/**
 * ddb export TABLE — every item as DynamoDB JSON lines (default), NDJSON, a JSON array or CSV, to stdout or a file, through a parallel scan
 * (src/transfer/export.ts). `--dry-run` prints its plan: DescribeTable (its item count cuts the table into segments),
 * then one Scan per segment. [API: DescribeTable, Scan]
 */
import { resolve } from 'node:path';
import { Option } from 'commander';
import { defineCommand, type Deps } from '../runtime/define.js';
import { addPlanOptions, type PlanOptions, planOptions, upTo } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import { EXPORT_FORMATS, type ExportFormat } from '../output/encoders.js';
import { CSV_SAMPLE_ITEMS, exportScan, exportTable, type ExportOptions, type ExportSummary, moreSegments } from '../transfer/export.js';
import { DEFAULT_SEGMENTS, MAX_SEGMENTS, scanSteps } from '../reading/parallel-scan.js';
import { exportView } from '../render/summaries.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';

const columnList = (value: string): string[] => {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new DdbError('usage', '--columns needs at least one attribute name', { suggestion: 'e.g. --columns pk,sk,message' });
  return names;
};

type Input = ExportOptions & { plan: PlanOptions };

export const run = async ({ plan, ...input }: Input, deps: Deps): Promise<Tagged<{ summary: ExportSummary; 'dry-run': DryRun }>> => {
  const { planTable } = await import('../schema/plan-keys.js');
  const known = await planTable(input.table, { ...plan, db: () => deps.dynamo() });
  if (plan.dryRun) {
    const scans = scanSteps(exportScan(input, known.description));
    // a schema file's table has no item count: the segments a large table adds are a note on the last
    if (known.description.ItemCount === undefined) scans[scans.length - 1]!.more = moreSegments(input.segments);
    return { kind: 'dry-run', value: dryRun([...known.steps, ...scans], known.sent) };
  }
  return { kind: 'summary', value: await exportTable(await deps.dynamo(), input, known.description, { stdout: deps.io.stdout, report: deps.report }) };
};

export const command = defineCommand({
  name: 'export',
  description:
    'write every item of a table to stdout or a file with a parallel scan: by default DynamoDB JSON lines {"Item": …} (every type exact, ' +
    'what `ddb import` and DynamoDB users read); plain NDJSON, a JSON array or CSV for people and jq (numbers exact; sets become arrays, ' +
    'binary base64 text, counted on stderr) [API: DescribeTable, Scan]',
  configure: (cmd) =>
    addPlanOptions(cmd)
      .argument('<table>', 'table name')
      .addOption(new Option('--format <format>', 'dynamodb: {"Item": …} lines, lossless; ndjson, json: plain values; csv').choices(EXPORT_FORMATS).default('dynamodb'))
      .option('--out <file>', 'write to FILE (complete or not at all: written under a temporary name, renamed at the end)')
      .option('--segments <n>', 'parallel scan: Scan requests in flight (the table is cut into ~2,500-item segments they take in turn)', upTo(MAX_SEGMENTS), DEFAULT_SEGMENTS)
      .option('--columns <names>', `CSV columns, comma-separated (default: the keys, then the attributes of the first ${CSV_SAMPLE_ITEMS} items)`, columnList),
  input: ([table]: [string], opts: { format: ExportFormat; out?: string; segments: number; columns?: string[]; dryRun?: boolean; schema?: string }, io): Input => {
    if (opts.columns && opts.format !== 'csv') throw new DdbError('usage', '--columns applies to --format csv only', { suggestion: 'add --format csv' });
    return { table, format: opts.format, file: opts.out ? resolve(io.cwd, opts.out) : null, segments: opts.segments, columns: opts.columns, plan: planOptions(opts, io) };
  },
  run,
  view: taggedView({ summary: exportView, 'dry-run': dryRunView }),
});
