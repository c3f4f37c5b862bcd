/**
 * ddb audit [TABLE...] — check live tables against the production practices and the schema file; exit 7 when a
 * check fails, so CI can gate on it. [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups,
 * ListTagsOfResource, Scan (a sample of each sparse index)]
 */
import { basename } from 'node:path';
import { defineCommand, type Deps } from '../runtime/define.js';
import { DEFAULT_SCHEMA, projectPath } from '../paths.js';
import { readSchemaFile } from '../schema/load.js';
import { type CheckResult, auditTable, missingTable, tablesWithBilling } from '../audit/checks.js';
import { planTable } from '../schema/plan.js';
import { auditView } from '../render/audit.js';
import { DdbError } from '../errors.js';

interface Input {
  /** tables named on the line (default: every table in the schema file) */
  tables: string[];
  schemaFile: string;
  /** --policy: check this IAM policy against the access patterns instead of the tables */
  policyFile?: string;
  /** the policy's ARNs: --region (global) and --account; unknown ones match any */
  place: { partition: string; region?: string; account?: string };
}

/** `--policy FILE`: the policy against what the patterns' plans send; no table is read. */
const auditPolicyFile = async (policyFile: string, schemaFile: string, place: Input['place'], shown: string): Promise<CheckResult[]> => {
  const [{ readPolicyFile }, { auditPolicy }, { planNeeds }, { allPlans }] = await Promise.all([
    import('../iam/policy-file.js'),
    import('../audit/policy-checks.js'),
    import('../patterns/policy.js'),
    import('../patterns/plan.js'),
  ]);
  const policy = await readPolicyFile(policyFile);
  const { schema } = await readSchemaFile(schemaFile);
  return auditPolicy(policy, planNeeds(allPlans(schema), schema), place, shown);
};

export const run = async ({ tables: named, schemaFile, policyFile, place }: Input, deps: Deps): Promise<CheckResult[]> => {
  if (policyFile) return auditPolicyFile(policyFile, schemaFile, place, basename(policyFile));
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
    cmd
      .argument('[tables...]', 'tables to audit (default: every table in the schema file)')
      .option('--schema <file>', `schema file (default: ${DEFAULT_SCHEMA})`)
      .option('--policy <file>', 'check this IAM policy (JSON) against the access patterns instead: what they need and it does not allow (fail), what it allows beyond them (warn); reads no table')
      .option('--account <id>', 'with --policy: the account id the ARNs must name (default: any)'),
  input: ([tables]: [string[] | undefined], opts: { schema?: string; policy?: string; account?: string }, io, cmd): Input => {
    if (opts.policy && tables?.length) throw new DdbError('usage', '--policy checks a policy against the access patterns, not tables: leave out the table names', { suggestion: '`ddb audit --policy FILE`' });
    const region = cmd.optsWithGlobals().region as string | undefined;
    return {
      tables: tables ?? [],
      schemaFile: projectPath(io.cwd, opts.schema ?? DEFAULT_SCHEMA),
      ...(opts.policy ? { policyFile: projectPath(io.cwd, opts.policy) } : {}),
      place: { partition: 'aws', ...(region ? { region } : {}), ...(opts.account ? { account: opts.account } : {}) },
    };
  },
  run,
  view: auditView,
});
