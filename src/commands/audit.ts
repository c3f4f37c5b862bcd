/**
 * ddb audit [TABLE...] — check live tables against the production practices and the schema file; exit 7 when a
 * check fails, so CI can gate on it. [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups,
 * ListTagsOfResource, Scan (a sample of each sparse index)]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DEFAULT_SCHEMA, projectPath } from '../paths.js';
import { readSchemaFile } from '../schema/load.js';
import { type CheckResult, auditTable, missingTable, tablesWithBilling } from '../audit/checks.js';
import { planTable } from '../schema/plan.js';
import { auditView } from '../render/audit.js';

interface Input {
  /** tables named on the line (default: every table in the schema file) */
  tables: string[];
  schemaFile: string;
}

export const run = async ({ tables: named, schemaFile }: Input, deps: Deps): Promise<CheckResult[]> => {
  const { schema, data } = await readSchemaFile(schemaFile);
  // zod fills in the default billing, so whether the file writes it is read from the JSON as written.
  const billingWritten = tablesWithBilling(data);
  const names = [...new Set(named.length ? named : schema.tables.map((t) => t.name))];
  const db = await deps.dynamo();
  const { readLive } = await import('../schema/read-live.js');
  const { sampleSparseIndexes } = await import('../audit/sparse-sample.js');
  const prod = deps.target.kind === 'aws';
  const results: CheckResult[] = [];
  for (const name of names) {
    // The state as it is, not after a wait: an index still backfilling is what the access-patterns check reports.
    const live = await readLive(db, name, { wait: false });
    // A table named on the command line must exist (exit 3); a declared one that does not is drift.
    if (!live && named.length) throw db.tableNotFound(name);
    if (!live) {
      results.push(missingTable(name));
      continue;
    }
    const declared = schema.tables.find((t) => t.name === name);
    // (a backfilling index cannot be read yet, so only ACTIVE ones are sampled)
    const indexes = (live.description.GlobalSecondaryIndexes ?? []).filter((i) => i.IndexStatus === 'ACTIVE').map((i) => i.IndexName ?? '');
    results.push(
      ...auditTable({
        table: name,
        live,
        declared,
        billingWritten: billingWritten.has(name),
        policy: schema.policy,
        target: { kind: deps.target.kind, region: db.region },
        plan: declared ? planTable(declared, live, { prod, capabilities: live.capabilities }) : undefined,
        sparseSamples: declared ? await sampleSparseIndexes(db, declared, indexes) : [],
      }),
    );
  }
  return results;
};

export const command = defineCommand({
  name: 'audit',
  description:
    'check tables against the practices (deletion protection, PITR, encryption key, required tags, allowed region, billing declared, sparse indexes, the indexes the access patterns query) and the schema file (drift); exit 7 when a check fails [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource, Scan]',
  configure: (cmd) =>
    cmd.argument('[tables...]', 'tables to audit (default: every table in the schema file)').option('--schema <file>', `schema file (default: ${DEFAULT_SCHEMA})`),
  input: ([tables]: [string[] | undefined], opts: { schema?: string }, io): Input => ({ tables: tables ?? [], schemaFile: projectPath(io.cwd, opts.schema ?? DEFAULT_SCHEMA) }),
  run,
  view: auditView,
});
