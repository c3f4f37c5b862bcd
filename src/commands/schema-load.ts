/** ddb schema-load — create the tables declared in the schema file; report tables that differ. [API: CreateTable, DescribeTable] */
import { Command } from 'commander';
import type { App } from '../app.js';
import { DdbError } from '../errors.js';
import { DEFAULT_SCHEMA, projectPath } from '../paths.js';
import { loadSchemaFile } from '../schema/load.js';
import { createTableInput } from '../schema/create-table.js';
import { diffTable } from '../schema/diff.js';
import type { Runtime } from '../runtime.js';
import { toJson } from '../render/plain.js';
import { printRecords } from '../render/output.js';

interface Options {
  schema?: string;
  dryRun?: boolean;
}

export interface TableOutcome {
  table: string;
  action: 'created' | 'up to date' | 'differs';
  differences: string[];
  seconds?: number;
}

export const runSchemaLoad = async (rt: Runtime, opts: Options): Promise<TableOutcome[]> => {
  const file = projectPath(rt.io.cwd, opts.schema ?? DEFAULT_SCHEMA);
  const schema = await loadSchemaFile(file);
  if (opts.dryRun) {
    rt.out(toJson(schema.tables.map(createTableInput)));
    return [];
  }
  const db = await rt.dynamo();
  const outcomes: TableOutcome[] = [];
  for (const table of schema.tables) {
    const started = Date.now();
    const live = await db.describeTable(table.name);
    if (!live) {
      rt.info(`creating ${table.name} …`);
      await db.createTable(createTableInput(table));
      await db.waitActive(table.name);
      const seconds = (Date.now() - started) / 1000;
      rt.info(`${rt.errChalk.green('created')} ${table.name} — ACTIVE with ${table.globalSecondaryIndexes.length} index(es) in ${seconds.toFixed(1)}s`);
      outcomes.push({ table: table.name, action: 'created', differences: [], seconds });
      continue;
    }
    if (live.TableStatus !== 'ACTIVE') await db.waitActive(table.name);
    const differences = diffTable(table, live);
    if (differences.length === 0) {
      rt.info(`${table.name} is up to date`);
      outcomes.push({ table: table.name, action: 'up to date', differences });
    } else {
      rt.info(`${rt.errChalk.yellow('differs')} ${table.name}:`);
      for (const d of differences) rt.info(`  - ${d}`);
      outcomes.push({ table: table.name, action: 'differs', differences });
    }
  }
  return outcomes;
};

export const schemaLoadCommand = (app: App): Command =>
  new Command('schema-load')
    .description('create the tables declared in the schema file and wait until ACTIVE; report tables that differ [API: CreateTable]')
    .option('--schema <file>', `schema file (default: ${DEFAULT_SCHEMA})`)
    .option('--dry-run', 'print the CreateTable requests as JSON and send nothing')
    .action(
      app.action<Options>(async (rt, opts) => {
        const outcomes = await runSchemaLoad(rt, opts);
        if (opts.dryRun) return;
        if (!rt.human) printRecords(rt, outcomes, []);
        const drifted = outcomes.filter((o) => o.action === 'differs');
        if (drifted.length) {
          throw new DdbError('schema.drift', `${drifted.map((o) => o.table).join(', ')} differ(s) from the schema file`, {
            suggestion: 'change the file to match, or recreate the table (`ddb drop` then `ddb schema-load`)',
          });
        }
        if (rt.human && outcomes.some((o) => o.action === 'created')) rt.info('next: `ddb seed`, then `ddb patterns list-conversations andrewbrown`');
      }),
    );
