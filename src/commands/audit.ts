/**
 * ddb audit [TABLE...] — check live tables against the production practices and the schema file; exit 7 when a
 * check fails, so CI can gate on it. [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups,
 * ListTagsOfResource]
 */
import { Command } from 'commander';
import type { App } from '../app.js';
import { DdbError } from '../errors.js';
import { DEFAULT_SCHEMA, projectPath } from '../paths.js';
import { readSchemaFile } from '../schema/load.js';
import type { LiveTable } from '../schema/live.js';
import { planTable } from '../schema/plan.js';
import { auditTable, missingTable, tablesWithBilling, type CheckResult, type SparseSample } from '../audit/checks.js';
import { auditJson, auditSummary, failedTables, renderAudit } from '../render/audit.js';
import { toJson } from '../render/plain.js';

interface Options {
  schema?: string;
}

export const auditCommand = (app: App): Command =>
  new Command('audit')
    .description(
      'check tables against the practices (deletion protection, PITR, encryption key, required tags, allowed region, billing declared) and the schema file (drift); exit 7 when a check fails [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource]',
    )
    .argument('[tables...]', 'tables to audit (default: every table in the schema file)')
    .option('--schema <file>', `schema file (default: ${DEFAULT_SCHEMA})`)
    .action(
      app.action<Options>(async (rt, opts, args) => {
        const file = projectPath(rt.io.cwd, opts.schema ?? DEFAULT_SCHEMA);
        const { schema, data } = await readSchemaFile(file);
        // zod fills in the default billing, so whether the file writes it is read from the JSON as written.
        const billingWritten = tablesWithBilling(data);
        const named = (args[0] as unknown as string[] | undefined) ?? [];
        const names = [...new Set(named.length ? named : schema.tables.map((t) => t.name))];

        const db = await rt.dynamo();
        const { readLive } = await import('../aws/admin.js');
        const live = new Map<string, LiveTable | undefined>();
        for (const name of names) {
          const table = await readLive(db, name);
          // A table named on the command line must exist (the usual not-found error, exit 3); a declared one that
          // does not is drift.
          if (!table && named.length) await db.requireTable(name);
          live.set(name, table);
        }

        const { sampleSparseIndexes } = await import('../audit/sparse-sample.js');
        const samples = new Map<string, SparseSample[]>();
        for (const [name, table] of live) {
          const declared = schema.tables.find((t) => t.name === name);
          const indexes = (table?.description.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? '');
          if (declared && table) samples.set(name, await sampleSparseIndexes(db, declared, indexes));
        }

        const target = { kind: rt.target.kind, region: db.region };
        const results: CheckResult[] = names.flatMap((name) => {
          const table = live.get(name);
          if (!table) return [missingTable(name)];
          const declared = schema.tables.find((t) => t.name === name);
          const plan = declared ? planTable(declared, table, { prod: target.kind === 'aws', capabilities: table.capabilities }) : undefined;
          return auditTable({ table: name, live: table, declared, billingWritten: billingWritten.has(name), policy: schema.policy, target, plan, sparseSamples: samples.get(name) });
        });

        if (rt.output === 'json') rt.out(toJson(auditJson(results)));
        else if (rt.output === 'ndjson') for (const r of results) rt.out(toJson(r, 0));
        else rt.out(renderAudit(results, rt.chalk));
        rt.info(auditSummary(results, rt.errChalk));

        const failed = failedTables(results);
        if (failed.length) {
          const count = results.filter((r) => r.status === 'fail').length;
          throw new DdbError('audit.failed', `audit: ${count} check(s) failed on ${failed.join(', ')}`, {
            suggestion: rt.human ? 'each row says how to fix it' : 'each check\'s "fix" says how',
          });
        }
      }),
    );
