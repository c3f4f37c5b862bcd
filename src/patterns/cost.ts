/**
 * What the access patterns cost at a traffic, read from their plans (./plan.ts) and the sizes of real items (a sample
 * of the live table, or the seed). Pure: plans, items, rates and prices in; per pattern the units of one call, the
 * month, the money — with every step of the arithmetic as text for `--explain`.
 *
 * DynamoDB's rules (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html):
 * - a Query is charged for the items it reads (before any filter), summed and rounded up to 4 KB: one read unit per
 *   4 KB strongly consistent, half for eventually consistent; a GetItem the same for its one item;
 * - a write is 1 unit per KB of the item (rounded up); in TransactWriteItems every item is charged twice (prepare and
 *   commit);
 * - every global secondary index a write touches is a write in that index too: a new item that carries the index key
 *   1, a deleted one 1, a replaced one 1 (2 when its index key changes: a delete and a put) — of the projected size.
 *   DynamoDB applies a transaction's changes to its indexes after it commits, so these are counted once, not twice.
 * A Query reads one partition: its Limit, or fewer when the partition holds fewer (or `--items`), at that partition's
 * average item size; a call's cost is the average over the partitions of the items sized (calls spread evenly). Only the steps every call sends count; a step that only some calls send (`when`) is listed at 0.
 */
import type { SchemaFile, TableSchema } from '../schema/format.js';
import { writeUnits } from '../requests/item-size.js';
import { toAttributeMap } from '../values/attribute.js';
import { itemBytes } from '../values/size.js';
import { patternKeys } from './declared.js';
import { fixedPrefix, type PatternPlan, queryPartitionValue, type Step } from './plan.js';
import { count } from '../text.js';

type Item = Record<string, unknown>;

/** DynamoDB's size of an item given in plain values (src/values/size.ts). */
const itemSize = (item: Item): number => itemBytes(toAttributeMap(item));

export interface RegionPrices {
  onDemand: { readRequestUnitsPerMillion: number; writeRequestUnitsPerMillion: number };
  provisioned: { rcuHour: number; wcuHour: number };
}

export interface PriceTable {
  date: string;
  source: string;
  note?: string;
  currency: string;
  regions: Record<string, RegionPrices>;
}

export type BillingMode = 'on-demand' | 'provisioned';

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

export interface StepCost {
  api: Step['api'];
  /** what it reads or writes, e.g. "Query pk = MSG#{group}" */
  what: string;
  readUnits: number;
  writeUnits: number;
  /** only some calls send it (not counted) */
  when?: string;
  /** the arithmetic, a line per fact */
  lines: string[];
}

export interface PatternCost {
  pattern: string;
  /** calls per second; undefined: no rate given or declared */
  rate: number | undefined;
  steps: StepCost[];
  /** request units of one call (the steps every call sends) */
  readUnits: number;
  writeUnits: number;
  month: { calls: number; readUnits: number; writeUnits: number };
  /** provisioned capacity the rate needs (units per second, at 100% use) */
  capacity: { rcu: number; wcu: number };
  money: Record<BillingMode, number>;
  /** --measure: the engine's figure for this pattern's reads (average over the partitions read) */
  measured?: { readUnits: number; calls: number };
}

export interface CostReport {
  region: string;
  mode: BillingMode;
  prices: { date: string; source: string; note?: string; currency: string; region: RegionPrices };
  sizes: string;
  patterns: PatternCost[];
  total: Record<BillingMode, number>;
  budget?: number;
}

export interface CostOptions {
  rates: Record<string, number | undefined>;
  /** items a Query reads (instead of each partition's own count, at most the pattern's limit) */
  itemsPerQuery?: number;
  region: string;
  mode: BillingMode;
  prices: PriceTable;
  /** where the items come from, as people read it */
  sizes: string;
  budget?: number;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const kb = (bytes: number): string => `${round(bytes / 1024)} KB`;

/** An index's projection of an item (ALL: the item; KEYS_ONLY / INCLUDE: the keys and what it names). */
const projectedSize = (table: TableSchema, index: TableSchema['globalSecondaryIndexes'][number], item: Item): number => {
  if (index.projection.type === 'ALL') return itemSize(item);
  const keep = new Set([table.keys.partition, table.keys.sort, index.keys.partition, index.keys.sort, ...(index.projection.type === 'INCLUDE' ? index.projection.attributes : [])]);
  return itemSize(Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k))));
};

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The items a read addresses: of the table (or in the index), whose partition value starts with `prefix`. */
const partitionsOf = (table: TableSchema, index: string | undefined, prefix: string, items: readonly Item[]): { partitions: number; items: Item[]; bytes: number[] } => {
  const keys = patternKeys(table, index);
  const gsi = table.globalSecondaryIndexes.find((i) => i.name === index);
  if (!keys) return { partitions: 0, items: [], bytes: [] };
  const hits = items.filter((it) => typeof it[keys.partition] === 'string' && (it[keys.partition] as string).startsWith(prefix) && (!keys.sort || it[keys.sort] !== undefined));
  return { partitions: new Set(hits.map((it) => it[keys.partition])).size, items: hits, bytes: hits.map((it) => (gsi ? projectedSize(table, gsi, it) : itemSize(it))) };
};

const readStep = (step: Extract<Step, { api: 'Query' | 'GetItem' }>, table: TableSchema, items: readonly Item[], opts: CostOptions): StepCost => {
  const consistent = Boolean(step.input.ConsistentRead);
  const lines: string[] = [];
  if (step.api === 'Query') {
    const q = step.input;
    const keys = patternKeys(table, q.IndexName)!;
    const value = queryPartitionValue(q, keys.partition) ?? '';
    const prefix = fixedPrefix(value);
    const where = `${q.IndexName ? `index ${q.IndexName}` : `table ${table.name}`}, ${keys.partition} = ${value}`;
    const found = partitionsOf(table, q.IndexName, prefix, items);
    const limit = q.Limit;
    const half = consistent ? 1 : 0.5;
    // A call reads one partition: its cost there, averaged over the partitions (calls spread evenly over them).
    const groups = new Map<unknown, number[]>();
    found.items.forEach((it, i) => groups.set(it[keys.partition], [...(groups.get(it[keys.partition]) ?? []), found.bytes[i]!]));
    const calls = [...groups.values()].map((sizes) => {
      const read = Math.min(opts.itemsPerQuery ?? sizes.length, limit ?? Infinity);
      const bytes = read * mean(sizes);
      const units = Math.max(1, Math.ceil(bytes / 4096));
      return { of: sizes.length, read, bytes, units, rru: units * half };
    });
    const rru = calls.length ? mean(calls.map((c) => c.rru)) : half; // a Query that finds nothing still reads one unit
    const shown = calls.slice(0, 3).map((c) => `${round(c.read)}${opts.itemsPerQuery === undefined ? ` of ${c.of}` : ''} × ${Math.round(c.bytes / Math.max(c.read, 1))} B = ${kb(c.bytes)} → ${c.units} × 4 KB = ${c.units * half} RRU`);
    lines.push(
      `${found.items.length} item(s) in ${groups.size} partition(s) ${prefix ? `${keys.partition} ${prefix}…` : `of ${q.IndexName ?? table.name}`}; a call reads one${limit !== undefined ? `, at most the Limit ${limit}` : ''}${opts.itemsPerQuery !== undefined ? `, --items ${opts.itemsPerQuery}` : ''}${q.FilterExpression ? ' (a filter does not lower it: every item of the key range is read)' : ''}${consistent ? ', strongly consistent' : ', eventually consistent: halved'}:`,
      ...shown.map((t) => `  ${t}`),
      ...(calls.length > shown.length ? [`  … and ${calls.length - shown.length} more partition(s)`] : []),
      `average over the partitions: ${round(rru, 3)} RRU`,
    );
    return { api: 'Query', what: `Query ${where}`, readUnits: rru, writeUnits: 0, ...(step.when ? { when: step.when } : {}), lines };
  }
  const key = String(step.input.Key?.[table.keys.partition] ?? '');
  const found = partitionsOf(table, undefined, fixedPrefix(key), items);
  const bytes = found.bytes.length ? mean(found.bytes) : 0;
  const units = Math.max(1, Math.ceil(bytes / 4096));
  const rru = consistent ? units : units / 2;
  lines.push(`one item of ${Math.round(bytes)} B${found.bytes.length ? ' (the average item sized)' : ' (none among the items sized)'} → ${units} × 4 KB${consistent ? ', strongly consistent' : ', halved'} = ${rru} RRU`);
  return { api: 'GetItem', what: `GetItem ${table.keys.partition} = ${key}`, readUnits: rru, writeUnits: 0, ...(step.when ? { when: step.when } : {}), lines };
};

type TransactAction = { kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck'; key: string; item?: Item; condition?: string };

const transactActions = (step: Extract<Step, { api: 'TransactWriteItems' }>, table: TableSchema): TransactAction[] =>
  (step.input.TransactItems ?? []).flatMap((t) => {
    const [kind, a] = Object.entries(t).find(([, v]) => v !== undefined) as [TransactAction['kind'], { Item?: Item; Key?: Item; ConditionExpression?: string }];
    return [{ kind, key: String((a.Item ?? a.Key)?.[table.keys.partition] ?? ''), ...(a.Item ? { item: a.Item } : {}), ...(a.ConditionExpression ? { condition: a.ConditionExpression } : {}) }];
  });

const writeStep = (step: Extract<Step, { api: 'TransactWriteItems' }>, table: TableSchema, items: readonly Item[]): StepCost => {
  const lines: string[] = [];
  let tableUnits = 0;
  let indexUnits = 0;
  const actions = transactActions(step, table);
  for (const a of actions) {
    const prefix = fixedPrefix(a.key);
    const kind = partitionsOf(table, undefined, prefix, items);
    const sampled = kind.bytes.length > 0;
    const bytes = sampled ? mean(kind.bytes) : a.item ? itemSize(a.item) : 0;
    const units = a.kind === 'ConditionCheck' ? 1 : writeUnits(bytes);
    tableUnits += units;
    const sizeText = sampled ? `${Math.round(bytes)} B (the average ${prefix ? `${prefix} ` : ''}item sized)` : `${Math.round(bytes)} B (the item as the plan writes it)`;
    lines.push(`${a.kind} ${a.key}: ${sizeText} → ${units} WCU, ×2 in a transaction = ${units * 2}`);
    for (const gsi of table.globalSecondaryIndexes) {
      // Whether the item is in the index: a Put's item says; a Delete's is read from the sample's items of its kind.
      const inIndex = a.item ? a.item[gsi.keys.partition] !== undefined : sampled && kind.items.filter((it) => it[gsi.keys.partition] !== undefined).length * 2 >= kind.items.length;
      if (!inIndex || a.kind === 'ConditionCheck') continue;
      const projected = sampled ? mean(kind.items.map((it) => projectedSize(table, gsi, it))) : projectedSize(table, gsi, a.item ?? {});
      const u = writeUnits(projected);
      indexUnits += u;
      const what = a.kind === 'Delete' ? 'removed from' : a.condition?.includes('attribute_exists') ? 'replaced in (its index key unchanged)' : 'added to';
      lines.push(`  ${what} index ${gsi.name}: ${u} WCU`);
    }
  }
  const total = tableUnits * 2 + indexUnits;
  lines.push(`${actions.length} action(s): ${tableUnits} WCU × 2 + ${indexUnits} index WCU = ${total} WRU`);
  return { api: 'TransactWriteItems', what: `TransactWriteItems ${actions.map((a) => a.kind).join(', ')}`, readUnits: 0, writeUnits: total, ...(step.when ? { when: step.when } : {}), lines };
};

const stepCost = (step: Step, table: TableSchema, items: readonly Item[], opts: CostOptions): StepCost => {
  if (step.api === 'TransactWriteItems') return writeStep(step, table, items);
  if (step.api === 'Query' || step.api === 'GetItem') return readStep(step, table, items, opts);
  // a stream consumer's calls: DescribeTable is free, stream reads are priced apart (not here)
  return { api: step.api, what: step.api, readUnits: 0, writeUnits: 0, lines: ['not priced here: DescribeTable is free, stream reads are priced apart'] };
};

export const estimateCost = (plans: readonly PatternPlan[], schema: SchemaFile, items: readonly Item[], opts: CostOptions): CostReport => {
  const prices = opts.prices.regions[opts.region]!;
  const patterns = plans.map((plan): PatternCost => {
    const table = schema.tables.find((t) => t.name === plan.table)!;
    const steps = plan.steps.map((s) => stepCost(s, table, items, opts));
    const counted = steps.filter((s) => !s.when);
    const readUnits = counted.reduce((n, s) => n + s.readUnits, 0);
    const write = counted.reduce((n, s) => n + s.writeUnits, 0);
    const rate = opts.rates[plan.pattern];
    const calls = (rate ?? 0) * SECONDS_PER_MONTH;
    const month = { calls, readUnits: calls * readUnits, writeUnits: calls * write };
    const capacity = { rcu: (rate ?? 0) * readUnits, wcu: (rate ?? 0) * write };
    const money = {
      'on-demand': (month.readUnits / 1e6) * prices.onDemand.readRequestUnitsPerMillion + (month.writeUnits / 1e6) * prices.onDemand.writeRequestUnitsPerMillion,
      provisioned: (capacity.rcu * prices.provisioned.rcuHour + capacity.wcu * prices.provisioned.wcuHour) * HOURS_PER_MONTH,
    };
    return { pattern: plan.pattern, rate, steps, readUnits, writeUnits: write, month, capacity, money };
  });
  const total = {
    'on-demand': patterns.reduce((n, p) => n + p.money['on-demand'], 0),
    provisioned: patterns.reduce((n, p) => n + p.money.provisioned, 0),
  };
  return {
    region: opts.region,
    mode: opts.mode,
    prices: { date: opts.prices.date, source: opts.prices.source, ...(opts.prices.note ? { note: opts.prices.note } : {}), currency: opts.prices.currency, region: prices },
    sizes: opts.sizes,
    patterns,
    total,
    ...(opts.budget !== undefined ? { budget: opts.budget } : {}),
  };
};

/** The month's arithmetic of one pattern, as `--explain` shows it. */
export const monthLines = (p: PatternCost, r: CostReport): string[] => {
  if (p.rate === undefined) return ['no rate: pass --rate NAME=PER_SECOND or declare "rate" in the schema file'];
  const od = r.prices.region.onDemand;
  const pv = r.prices.region.provisioned;
  const n = (x: number) => (Number.isInteger(round(x, 4)) ? count(round(x, 4)) : String(round(x, 4)));
  return [
    `${p.rate}/s × ${count(SECONDS_PER_MONTH)} s a month (${HOURS_PER_MONTH} h) = ${n(p.month.calls)} calls`,
    `on-demand: ${n(p.month.calls)} × ${p.readUnits} RRU = ${n(p.month.readUnits)} RRU × $${od.readRequestUnitsPerMillion}/M + ${n(p.month.calls)} × ${p.writeUnits} WRU = ${n(p.month.writeUnits)} WRU × $${od.writeRequestUnitsPerMillion}/M = $${round(p.money['on-demand'])}`,
    `provisioned (at 100% use): ${p.rate}/s × ${p.readUnits} = ${n(p.capacity.rcu)} RCU × $${pv.rcuHour}/h + ${p.rate}/s × ${p.writeUnits} = ${n(p.capacity.wcu)} WCU × $${pv.wcuHour}/h, × ${HOURS_PER_MONTH} h = $${round(p.money.provisioned)}`,
  ];
};
