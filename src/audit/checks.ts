/**
 * `ddb audit`: each live table against the production practices (deletion protection, PITR, encryption key,
 * required tags, allowed region, billing declared) and against the schema file (drift). Pure: the live state,
 * the file and the plan come in, one result per check goes out; src/commands/audit.ts reads, src/render/audit.ts
 * prints.
 */
import type { Policy, SparseSpec, TableSchema } from '../schema/format.js';
import { billingOf } from '../schema/create-table.js';
import { encryptionMatches, encryptionText, liveBilling, liveEncryption, type LiveTable } from '../schema/live.js';
import { UNSUPPORTED, type TablePlan } from '../schema/plan.js';
import { argWords, count } from '../text.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  table: string;
  check: string;
  status: CheckStatus;
  detail: string;
  /** what to do about a warn or fail; empty otherwise */
  fix: string;
}

export interface AuditInput {
  table: string;
  live: LiveTable;
  /** the table as the schema file declares it; undefined when the file does not */
  declared: TableSchema | undefined;
  /** the file writes "billing" for this table (zod fills in PAY_PER_REQUEST when it is left out) */
  billingWritten: boolean;
  policy: Policy;
  target: { kind: 'local' | 'aws'; region: string | undefined };
  /** the plan for this table (undefined when it is not declared) */
  plan: TablePlan | undefined;
  /** a sample of each index the file declares sparse (and that exists) */
  sparseSamples?: readonly SparseSample[];
}

/** What a sample of a sparse index found (src/audit/sparse-sample.ts reads it). */
export interface SparseSample {
  index: string;
  rule: SparseSpec;
  /** items of the index evaluated */
  scanned: number;
  /** of those, items whose rule.attribute does not begin with rule.beginsWith */
  offending: number;
  /** keys of the first few offenders */
  examples: string[];
}

type Outcome = Omit<CheckResult, 'table' | 'check'>;

const pass = (detail: string): Outcome => ({ status: 'pass', detail, fix: '' });
const skip = (detail: string): Outcome => ({ status: 'skip', detail, fix: '' });
const warn = (detail: string, fix: string): Outcome => ({ status: 'warn', detail, fix });
const fail = (detail: string, fix: string): Outcome => ({ status: 'fail', detail, fix });

const NOT_DECLARED = 'not declared in the schema file';
const apply = 'in the schema file and run `ddb schema-load`';
const declareIt = (table: string) => `add ${table} to the schema file (\`ddb describe ${argWords(table)}\` shows its keys and indexes)`;

/**
 * Off fails against AWS, and wherever the file says `false`; a local table whose file does not ask for it only warns
 * (a developer's throw-away table is not production — `ddb audit` right after `ddb up` should not fail).
 */
export const deletionProtection = ({ live, declared, target }: AuditInput): Outcome => {
  if (live.description.DeletionProtectionEnabled) return pass('deletion protection is on');
  const fix = `set "deletionProtection": true ${apply}`;
  if (target.kind === 'local' && declared?.deletionProtection === undefined) {
    return warn('deletion protection is off (a local engine, and the schema file does not ask for it)', `${fix} to have it everywhere`);
  }
  return fail('deletion protection is off: one DeleteTable call loses the table', fix);
};

export const pointInTimeRecovery = ({ live }: AuditInput): Outcome => {
  if (live.pitr === undefined) return skip(UNSUPPORTED);
  return live.pitr
    ? pass('point-in-time recovery is on (35-day restore window)')
    : fail('point-in-time recovery is off: a bad write or delete cannot be undone', `set "pointInTimeRecovery": true ${apply}`);
};

export const encryptionKey = ({ live, declared }: AuditInput): Outcome => {
  if (!live.capabilities.classAndEncryption) return skip(UNSUPPORTED);
  const have = encryptionText(liveEncryption(live.description));
  const want = declared?.encryption;
  if (want) {
    return encryptionMatches(want, live.description)
      ? pass(`${have}, as declared`)
      : fail(`the file declares the ${encryptionText(want)}; the table uses the ${have}`, `run \`ddb schema-load\` to switch the key (or correct "encryption" in the file)`);
  }
  if (liveEncryption(live.description).type === 'AWS_OWNED') {
    return warn('AWS owned key, and the file declares none: you cannot see or audit its use in CloudTrail', `set "encryption": { "type": "AWS_MANAGED" } (or a KMS key) ${apply}`);
  }
  return pass(`${have} (the file declares none)`);
};

export const requiredTags = ({ live, policy }: AuditInput): Outcome => {
  const required = policy.requiredTags ?? [];
  if (!required.length) return skip('policy.requiredTags lists none');
  if (live.tags === undefined) return skip(UNSUPPORTED);
  const missing = required.filter((k) => !(k in live.tags!));
  if (!missing.length) return pass(`has ${required.join(', ')}`);
  return fail(`missing tag(s) ${missing.join(', ')}`, `add ${missing.map((k) => `"${k}"`).join(', ')} to "tags" ${apply}`);
};

export const allowedRegion = ({ target, policy }: AuditInput): Outcome => {
  if (target.kind === 'local') return skip('local engine: its region is only a label');
  const allowed = policy.allowedRegions;
  const region = target.region ?? '(unknown)';
  if (!allowed) return warn(`in ${region}; the schema file declares no allowed regions`, 'list the regions the business may hold user data in as policy.allowedRegions in the schema file');
  if (allowed.includes(region)) return pass(`${region} is allowed (${allowed.join(', ')})`);
  return fail(`${region} is not in the allowed regions (${allowed.join(', ')})`, 'move the data to an allowed region (a new table there, copy, drop this one), or add the region to policy.allowedRegions if the business may keep data there');
};

/**
 * "Declared" means written in the file. A table whose file entry leaves billing out gets PAY_PER_REQUEST by
 * default: that is a warning when the live table is on-demand anyway, a failure when it is not.
 */
export const billingDeclared = ({ table, live, declared, billingWritten }: AuditInput): Outcome => {
  const have = liveBilling(live.description);
  if (!declared) return fail(`${have}; the table is ${NOT_DECLARED}`, declareIt(table));
  const want = billingOf(declared).mode;
  if (have !== want) {
    const what = billingWritten ? `the file declares ${want}` : `the file leaves billing out, so ${want} by default`;
    return fail(`the table is ${have}; ${what}`, `write the intended "billing" ${apply}`);
  }
  if (!billingWritten) return warn(`${have}, but only by default: the file leaves "billing" out`, `write "billing": { "mode": "${have}" } in the schema file`);
  return pass(`${have}, as declared`);
};

const FIRST = 3;

/**
 * An index the file declares sparse holds only the items it is meant for. A message item in the messaging table's
 * group index is rewritten by the app's stream function (it updates the sk of every hit), so this is a failure.
 */
export const sparseIndex = ({ declared, sparseSamples = [] }: AuditInput): Outcome => {
  const declaredSparse = (declared?.globalSecondaryIndexes ?? []).filter((i) => i.sparse);
  if (!declaredSparse.length) return skip('no index is declared sparse in the schema file');
  if (!sparseSamples.length) return skip('the sparse index does not exist yet (see drift)');
  const bad = sparseSamples.filter((s) => s.offending > 0);
  if (!bad.length) {
    return pass(sparseSamples.map((s) => `${s.index}: the ${count(s.scanned)} item(s) sampled all have ${s.rule.attribute} beginning with ${s.rule.beginsWith}`).join('; '));
  }
  const detail = bad
    .map((s) => `${s.index} holds item(s) whose ${s.rule.attribute} does not begin with ${s.rule.beginsWith}: ${count(s.offending)} of ${count(s.scanned)} sampled, e.g. ${s.examples.join(', ')}`)
    .join('; ');
  return fail(detail, 'remove the index key attributes from those items (for seeded messaging data: run `ddb seed`, which rewrites its messages without message_group_uuid)');
};

/**
 * The access patterns the file declares for the table can run: each index one queries exists and is ACTIVE (DynamoDB
 * refuses a Query on an index that is still backfilling). Whether the patterns fit the keys is `ddb patterns check`.
 */
export const accessPatterns = ({ table, declared, live }: AuditInput): Outcome => {
  const patterns = Object.entries(declared?.accessPatterns ?? {});
  if (!patterns.length) return skip('the schema file declares no access patterns for this table');
  const gsis = live.description.GlobalSecondaryIndexes ?? [];
  const lsis = live.description.LocalSecondaryIndexes ?? [];
  const missing: string[] = [];
  const notActive: string[] = [];
  for (const [name, pattern] of patterns) {
    const index = pattern.query.index;
    if (!index || lsis.some((i) => i.IndexName === index)) continue;
    const gsi = gsis.find((i) => i.IndexName === index);
    if (!gsi) missing.push(`${name} needs index ${index}, which does not exist`);
    else if (gsi.IndexStatus !== 'ACTIVE') notActive.push(`${name} needs index ${index}, which is ${gsi.IndexStatus ?? 'not ACTIVE'}${gsi.Backfilling ? ' (backfilling)' : ''}`);
  }
  if (missing.length || notActive.length) {
    const fix = [
      ...(missing.length ? ['create the index with `ddb schema-load` (review with `ddb schema-load --plan`)'] : []),
      ...(notActive.length ? [`wait until it is ACTIVE — a Query on it fails until then (\`ddb describe ${argWords(table)}\` shows its status)`] : []),
    ];
    return fail([...missing, ...notActive].join('; '), fix.join('; '));
  }
  const used = [...new Set(patterns.map(([, p]) => p.query.index).filter((i): i is string => Boolean(i)))];
  return pass(`${patterns.length} pattern(s); ${used.length ? `the index(es) they query are ACTIVE: ${used.join(', ')}` : 'all on the table itself'}`);
};

export const drift = ({ table, declared, plan }: AuditInput): Outcome => {
  if (!declared || !plan) return fail(NOT_DECLARED, declareIt(table));
  if (plan.refusals.length) {
    return fail(plan.refusals.map((r) => r.text).join('; '), `cannot be changed in place: ${plan.refusals[0]!.wayOut}`);
  }
  const todo = plan.steps.filter((s) => !s.unsupported);
  const skipped = plan.steps.length - todo.length;
  const note = skipped ? ` (${skipped} setting(s) ${UNSUPPORTED})` : '';
  if (!todo.length) return pass(`matches the schema file${note}`);
  const more = todo.length > FIRST ? `; and ${todo.length - FIRST} more` : '';
  return fail(`${todo.length} change(s): ${todo.slice(0, FIRST).map((s) => s.text).join('; ')}${more}`, 'review with `ddb schema-load --plan`, then apply with `ddb schema-load`');
};

/** The checks in the order they are reported. */
export const CHECKS: readonly (readonly [string, (input: AuditInput) => Outcome])[] = [
  ['deletion-protection', deletionProtection],
  ['pitr', pointInTimeRecovery],
  ['encryption', encryptionKey],
  ['required-tags', requiredTags],
  ['region', allowedRegion],
  ['billing-declared', billingDeclared],
  ['drift', drift],
  ['sparse-index', sparseIndex],
  ['access-patterns', accessPatterns],
];

export const auditTable = (input: AuditInput): CheckResult[] => CHECKS.map(([check, run]) => ({ table: input.table, check, ...run(input) }));

/** A declared table that does not exist: one failing drift check (schema-load would create it). */
export const missingTable = (table: string): CheckResult => ({
  table,
  check: 'drift',
  ...fail('the table does not exist', 'review with `ddb schema-load --plan`, then create it with `ddb schema-load`'),
});

/** Tables whose entry in the raw (pre-default) file writes "billing". */
export const tablesWithBilling = (raw: unknown): Set<string> => {
  const tables = (raw as { tables?: unknown } | null)?.tables;
  if (!Array.isArray(tables)) return new Set();
  return new Set(tables.filter((t) => t && typeof t === 'object' && 'billing' in t).map((t) => String((t as { name?: unknown }).name)));
};

export const auditCounts = (results: readonly CheckResult[]): Record<CheckStatus, number> => {
  const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
};
