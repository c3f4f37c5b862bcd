/**
 * Where a plan gets a table's key schema (key names and types, indexes): the requests of get, put, update, delete,
 * query, scan and sql are built from it. A run reads it from the live table (DescribeTable, the first step of its plan:
 * the table as it is). A --dry-run takes it from the schema file when the file declares the table — no read, no
 * engine, no credentials; otherwise DescribeTable is a read it cannot do without: it tries it, and when that fails says
 * which read it needed and how to do without it, in one line.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import { describeStep, type Step } from '../plan/step.js';
import { createTableInput } from './create-table.js';
import type { TableSchema } from './format.js';
import { loadSchemaFile } from './load.js';

/** A declared table as DescribeTable would describe its keys and indexes. */
export const declaredDescription = (t: TableSchema): TableDescription => {
  const { TableName, AttributeDefinitions, KeySchema, GlobalSecondaryIndexes, LocalSecondaryIndexes } = createTableInput(t);
  return { TableName, AttributeDefinitions, KeySchema, ...(GlobalSecondaryIndexes ? { GlobalSecondaryIndexes } : {}), ...(LocalSecondaryIndexes ? { LocalSecondaryIndexes } : {}) };
};

export interface KeySource {
  /** --dry-run: the key schema from the schema file where it declares the table */
  dryRun: boolean;
  /** the schema file (resolved) */
  schemaFile: string;
  /** as the user named it (--schema), for the hint; undefined: the default, whose absence is no error */
  schemaGiven?: string;
  db(): Promise<Dynamo>;
}

export interface PlanTable {
  description: TableDescription;
  /** the plan's first step: the DescribeTable a run sends */
  steps: [Step];
  /** 1 when it was sent to build the plan (a dry run of a table the schema file does not declare), else 0 */
  sent: 0 | 1;
}

const declared = async (table: string, { schemaFile, schemaGiven }: KeySource): Promise<TableSchema | undefined> => {
  try {
    return (await loadSchemaFile(schemaFile)).tables.find((t) => t.name === table);
  } catch (error) {
    if (schemaGiven !== undefined) throw error;
    return undefined; // no project schema file (or not a valid one): the live table says
  }
};

/** The table's description for a plan, and the read step that gives it. A missing table is the usual "not found" (exit 3). */
export const planTable = async (table: string, source: KeySource): Promise<PlanTable> => {
  const read = async (): Promise<PlanTable> => {
    const step = describeStep(table);
    const { perform } = await import('../aws/perform.js');
    return { description: (await perform(await source.db(), step)).Table!, steps: [step], sent: 1 };
  };
  if (!source.dryRun) return read();
  const schema = await declared(table, source);
  if (schema) return { description: declaredDescription(schema), steps: [describeStep(table)], sent: 0 };
  try {
    return await read();
  } catch (error) {
    const why = error instanceof DdbError ? error.message : String(error);
    throw new DdbError(error instanceof DdbError ? error.code : 'aws.failure', `--dry-run needs the key schema of ${table}, which only a DescribeTable can tell, and it failed: ${why}`, {
      suggestion: `declare ${table} in ${schemaName(source)} (or name a schema file that does with --schema FILE): then --dry-run reads nothing`,
      cause: error,
    });
  }
};

const schemaName = (s: KeySource): string => s.schemaGiven ?? 'schema/tables.json';
