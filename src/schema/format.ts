/**
 * The schema file: tables declared as data in the repo (schema/tables.json). Validated with zod so each problem
 * is reported with its path inside the file, e.g. `tables[0].keys.sort: attribute "sk" has no type`.
 */
import { z } from 'zod';

const attributeType = z.enum(['S', 'N', 'B'], { error: 'must be "S", "N" or "B"' });
const name = (what: string, max: number) =>
  z.string().regex(/^[A-Za-z0-9_.-]+$/, `${what} may contain only letters, digits, "_", "-" and "."`).min(3, `${what} needs at least 3 characters`).max(max);

const keys = z.strictObject({ partition: z.string().min(1), sort: z.string().min(1).optional() });

const projection = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ALL') }),
  z.strictObject({ type: z.literal('KEYS_ONLY') }),
  z.strictObject({ type: z.literal('INCLUDE'), attributes: z.array(z.string().min(1)).min(1) }),
]);

const capacity = z.strictObject({ read: z.int().positive(), write: z.int().positive() });

const billing = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('PAY_PER_REQUEST') }),
  z.strictObject({ mode: z.literal('PROVISIONED'), read: z.int().positive(), write: z.int().positive() }),
]);

const gsi = z.strictObject({
  name: name('an index name', 255),
  keys,
  projection: projection.default({ type: 'ALL' }),
  capacity: capacity.optional(),
});

export const tableSchema = z.strictObject({
  name: name('a table name', 255),
  attributes: z.record(z.string().min(1), attributeType),
  keys,
  billing: billing.default({ mode: 'PAY_PER_REQUEST' }),
  globalSecondaryIndexes: z.array(gsi).default([]),
  deletionProtection: z.boolean().optional(),
});

export const schemaFile = z.strictObject({
  $schema: z.string().optional(),
  tables: z.array(tableSchema).min(1, 'declare at least one table'),
});

export type TableSchema = z.infer<typeof tableSchema>;
export type SchemaFile = z.infer<typeof schemaFile>;
export type KeySpec = z.infer<typeof keys>;
