/**
 * ddb patterns cost [NAME…] — what the access patterns cost at a traffic: request units per call read from their
 * plans (src/patterns/cost.ts) and the sizes of real items (the seed, or a sample of the live table), per month and in
 * money at the region's prices; exit 9 over --budget. Sends nothing unless `--from table` (then Scan, at most
 * --sample items) or `--measure` (the patterns' reads, to show the engine's figure beside the estimate).
 */
import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import { type CommandDefinition, defineCommand, type Deps } from '../runtime/define.js';
import { positiveInt } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import { DEFAULT_SEED_DIR, projectPath } from '../paths.js';
import { loadSchemaFile } from '../schema/load.js';
import { selectPlans } from '../patterns/select.js';
import type { BillingMode, CostReport, PriceTable } from '../patterns/cost.js';
import { costView } from '../render/cost.js';
import type { PatternsContext } from '../runtime/patterns-context.js';

const DEFAULT_REGION = 'us-east-1';

interface Input {
  names: string[];
  rates: Record<string, number>;
  items?: number;
  region: string;
  mode?: BillingMode;
  budget?: number;
  pricesFile?: string;
  from: 'seed' | 'table';
  seedDir: string;
  /** the seed folder as given (for people) */
  seedShown: string;
  sample: number;
  explain: boolean;
  measure: boolean;
}

const parseRate = (text: string, previous: Record<string, number> = {}): Record<string, number> => {
  const m = /^([a-z][a-z0-9-]*)=(\d+(?:\.\d+)?)$/.exec(text);
  if (!m) throw new DdbError('usage', `--rate "${text}" is not NAME=PER_SECOND`, { suggestion: 'e.g. --rate get-conversation=50 --rate create-message=5' });
  return { ...previous, [m[1]!]: Number(m[2]) };
};

const usd = (text: string): number => {
  const n = Number(text.replace(/^\$/, ''));
  if (!Number.isFinite(n) || n < 0) throw new DdbError('usage', `--budget "${text}" is not an amount of dollars`, { suggestion: 'e.g. --budget 25' });
  return n;
};

const readPrices = async (file: string | undefined): Promise<PriceTable> => {
  if (!file) return (await import('../patterns/prices.json', { with: { type: 'json' } })).default as PriceTable;
  try {
    const table = JSON.parse(await readFile(file, 'utf8')) as PriceTable;
    if (!table.regions || typeof table.regions !== 'object') throw new Error('no "regions"');
    return table;
  } catch (error) {
    throw new DdbError('input.invalid', `cannot read prices from ${file}: ${(error as Error).message}`, { suggestion: 'give a file shaped like the shipped one: {"date", "source", "currency", "regions": {"us-east-1": {"onDemand": {…}, "provisioned": {…}}}}' });
  }
};

/** Up to `max` items of the table, as they are (a Scan; a sample: the first items, not a random choice). */
const sampleTable = async (deps: Deps, table: string, max: number): Promise<Record<string, unknown>[]> => {
  const db = await deps.dynamo();
  const { perform } = await import('../aws/perform.js');
  await db.requireTable(table);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await perform(db, { api: 'Scan', input: { TableName: table, Limit: Math.min(1000, max - items.length), ExclusiveStartKey: start } });
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start && items.length < max);
  return items;
};

export const costCommand = (ctx: PatternsContext): CommandDefinition =>
  defineCommand({
    name: 'cost',
    description: `what the access patterns in ${ctx.shown} cost at a traffic: request units per call (from their plans and the sizes of real items), per month, and in money at the region's on-demand and provisioned prices; exit 9 over --budget. [API: none; Scan with --from table, Query with --measure]`,
    configure: (cmd) =>
      cmd
        .argument('[patterns...]', 'patterns to price (default: every pattern)')
        .option('--rate <name=per_second>', 'calls per second of a pattern (repeat; default: its "rate" in the schema file)', parseRate)
        .option('--items <n>', 'items each Query reads (default: the average partition of the items sized, at most the limit)', positiveInt)
        .addOption(new Option('--mode <mode>', "the billing mode --budget holds to (default: the table's in the schema file)").choices(['on-demand', 'provisioned']))
        .option('--budget <usd>', 'exit 9 when the month costs more than this (for CI)', usd)
        .option('--prices <file>', 'a price table (JSON) instead of the one ddb ships (us-east-1 only)')
        .addOption(new Option('--from <source>', 'the items whose sizes count: the seed files, or a sample of the live table').choices(['seed', 'table']).default('seed'))
        .option('--seed <dir>', `with --from seed: the seed folder (default: ${DEFAULT_SEED_DIR}/)`)
        .option('--sample <n>', 'with --from table: items to read at most', positiveInt, 1000)
        .option('--explain', 'show the arithmetic step by step: items, sizes, units, the month, the money')
        .option('--measure', "send each pattern's reads (Query) to the engine, one call per partition sized (at most 20), and show the read units it reports beside the estimate; writes are not sent")
        .addHelpText('after', `\nPrices are those of --region (default: ${DEFAULT_REGION}).`),
    input: ([names]: [string[] | undefined], opts: { rate?: Record<string, number>; items?: number; mode?: BillingMode; budget?: number; prices?: string; from: 'seed' | 'table'; seed?: string; sample: number; explain?: boolean; measure?: boolean }, io, cmd): Input => ({
      names: names ?? [],
      rates: opts.rate ?? {},
      ...(opts.items !== undefined ? { items: opts.items } : {}),
      region: (cmd.optsWithGlobals().region as string | undefined) ?? DEFAULT_REGION,
      ...(opts.mode ? { mode: opts.mode } : {}),
      ...(opts.budget !== undefined ? { budget: opts.budget } : {}),
      ...(opts.prices ? { pricesFile: projectPath(io.cwd, opts.prices) } : {}),
      from: opts.from,
      seedDir: projectPath(io.cwd, opts.seed ?? DEFAULT_SEED_DIR),
      seedShown: opts.seed ?? `${DEFAULT_SEED_DIR}/`,
      sample: opts.sample,
      explain: Boolean(opts.explain),
      measure: Boolean(opts.measure),
    }),
    run: async (input, deps): Promise<{ report: CostReport; explain: boolean }> => {
      const schema = await loadSchemaFile(ctx.file);
      const plans = selectPlans(schema, input.names, ctx.shown);
      const unknown = Object.keys(input.rates).filter((n) => !plans.some((p) => p.pattern === n));
      if (unknown.length) throw new DdbError('usage', `--rate names no pattern ${unknown.join(', ')} here`, { suggestion: `the patterns are: ${plans.map((p) => p.pattern).join(', ')}` });
      const prices = await readPrices(input.pricesFile);
      if (!prices.regions[input.region]) {
        throw new DdbError('input.invalid', `no prices for ${input.region} in ${input.pricesFile ?? "ddb's price table"} (it has: ${Object.keys(prices.regions).join(', ')})`, { suggestion: 'pass --prices FILE with that region, or --region one it has' });
      }
      const declared = Object.fromEntries(schema.tables.flatMap((t) => [...Object.entries(t.accessPatterns ?? {}).map(([n, p]) => [n, p.rate] as const), ...Object.entries(t.codePatterns ?? {}).map(([n, c]) => [n, c.rate] as const)]));
      const rates = Object.fromEntries(plans.map((p) => [p.pattern, input.rates[p.pattern] ?? declared[p.pattern]]));
      const tables = [...new Set(plans.map((p) => p.table))];
      let items: Record<string, unknown>[];
      let sizes: string;
      if (input.from === 'table') {
        items = (await Promise.all(tables.map((t) => sampleTable(deps, t, input.sample)))).flat();
        sizes = `a sample of ${items.length} item(s) of ${tables.join(', ')}`;
      } else {
        const { seedItems } = await import('../seed/load.js');
        const seed = await seedItems(input.seedDir);
        items = [...seed.messages, ...seed.groups];
        sizes = `the ${items.length} item(s) of the seed (${input.seedShown})`;
      }
      const billing = schema.tables.find((t) => t.name === plans[0]?.table)?.billing?.mode; // left out: on-demand, as a new table is
      const { estimateCost } = await import('../patterns/cost.js');
      const report = estimateCost(plans, schema, items, {
        rates,
        ...(input.items !== undefined ? { itemsPerQuery: input.items } : {}),
        region: input.region,
        mode: input.mode ?? (billing === 'PROVISIONED' ? 'provisioned' : 'on-demand'),
        prices,
        sizes,
        ...(input.budget !== undefined ? { budget: input.budget } : {}),
      });
      if (input.measure) {
        const { measureReads } = await import('../patterns/measure.js');
        const measured = await measureReads(await deps.dynamo(), plans, schema, items);
        for (const p of report.patterns) if (measured[p.pattern]) p.measured = measured[p.pattern];
      }
      return { report, explain: input.explain };
    },
    view: costView,
  });
