/**
 * The schema file: tables declared as data in the repo (schema/tables.json). Validated with zod so each problem
 * is reported with its path inside the file, e.g. `tables[0].keys.sort: attribute "sk" has no type`.
 *
 * A setting left out of a table is not managed by the file: ddb neither plans nor applies a change to it
 * (CreateTable still uses DynamoDB's default). Write it down — `false` included — to manage it.
 */
import { z } from 'zod';

const attributeType = z.enum(['S', 'N', 'B'], { error: 'must be "S", "N" or "B"' });
const name = (what: string, max: number) =>
  z.string().regex(/^[A-Za-z0-9_.-]+$/, `${what} may contain only letters, digits, "_", "-" and "."`).min(3, `${what} needs at least 3 characters`).max(max);

const keys = z.strictObject({ partition: z.string().min(1), sort: z.string().min(1).optional() });

const projection = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ALL') }),
  z.strictObject({ type: z.literal('KEYS_ONLY') }),
  z.strictObject({ type: z.literal('INCLUDE'), attributes: z.array(z.string().min(1)).min(1, 'INCLUDE needs at least one attribute') }),
]);

const capacity = z.strictObject({ read: z.int().positive(), write: z.int().positive() });

const billing = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('PAY_PER_REQUEST') }),
  z.strictObject({ mode: z.literal('PROVISIONED'), read: z.int().positive(), write: z.int().positive() }),
]);

/**
 * A sparse index holds only the items that carry its key attributes; `sparse` says which items those are meant to be
 * (e.g. `{ "attribute": "pk", "beginsWith": "GRP#" }`). Not a DynamoDB setting: `ddb audit` samples the index and
 * fails when it holds anything else.
 */
const sparse = z.strictObject({ attribute: z.string().min(1), beginsWith: z.string().min(1) });

const gsi = z.strictObject({
  name: name('an index name', 255),
  keys,
  projection: projection.default({ type: 'ALL' }),
  capacity: capacity.optional(),
  sparse: sparse.optional(),
});

/** An LSI shares the table's partition key; only its sort key differs, and it exists only from CreateTable on. */
const lsi = z.strictObject({
  name: name('an index name', 255),
  sort: z.string().min(1),
  projection: projection.default({ type: 'ALL' }),
});

export const STREAM_VIEW_TYPES = ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'] as const;
const stream = z.union([z.literal(false), z.enum(STREAM_VIEW_TYPES)], { error: `must be false or one of ${STREAM_VIEW_TYPES.join(', ')}` });

const ttl = z.union([z.literal(false), z.strictObject({ attribute: z.string().min(1) })], { error: 'must be false or { "attribute": "NAME" }' });

const encryption = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('AWS_OWNED') }),
  z.strictObject({ type: z.literal('AWS_MANAGED') }),
  z.strictObject({ type: z.literal('KMS'), keyId: z.string().min(1, 'a KMS key id, ARN or alias/NAME') }),
]);

const tagKey = z
  .string()
  .min(1)
  .max(128, 'a tag key has at most 128 characters')
  .refine((k) => !k.startsWith('aws:'), 'tag keys starting with "aws:" are reserved by AWS');
const tags = z.record(tagKey, z.string().max(256, 'a tag value has at most 256 characters'));

/**
 * Access patterns declared with the table (not a DynamoDB setting: schema-load ignores them). Each is a named Query
 * with typed params: `ddb patterns NAME …` runs it, `ddb patterns check` checks it against the keys and indexes.
 * Templates are text with `{param}` placeholders ("MSG#{group}"); an optional param ends its type with "?".
 */
export const PARAM_TYPES = ['uuid', 'string', 'number', 'timestamp', 'user'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** Params become options (`--since`) next to these, which every pattern command has: a param may not take their names. */
export const RESERVED_PARAMS = ['limit', 'startingToken', 'dryRun', 'explain', 'table', 'users', 'schema', 'output', 'endpointUrl', 'region', 'profile', 'prod', 'debug', 'help', 'version'];

const paramName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a param name is a letter followed by letters, digits or "_"')
  .refine((n) => !RESERVED_PARAMS.includes(n), `is the name of an option every pattern has (${RESERVED_PARAMS.slice(0, 7).join(', ')}, …) — use another name`);
const paramType = z.string().regex(/^(uuid|string|number|timestamp|user)\??$/, 'must be uuid, string, number, timestamp or user (with "?" for an optional param)');

export const SORT_OPERATORS = ['beginsWith', 'between', '=', '<', '<=', '>', '>='] as const;
export type SortOperator = (typeof SORT_OPERATORS)[number];
const template = z.string().min(1, 'a template such as "{since}" or "ORD#{date}"');
const sortCondition = z
  .strictObject({
    /** the attribute the condition is on; default (and only choice): the sort key of the table or index queried */
    attribute: z.string().min(1).optional(),
    beginsWith: template.optional(),
    between: z.tuple([template, template]).optional(),
    '=': template.optional(),
    '<': template.optional(),
    '<=': template.optional(),
    '>': template.optional(),
    '>=': template.optional(),
  })
  .refine((s) => SORT_OPERATORS.filter((op) => s[op] !== undefined).length === 1, `needs exactly one of ${SORT_OPERATORS.join(', ')}`);

const patternQuery = z.strictObject({
  /** a global or local secondary index of the table; default: the table itself */
  index: z.string().min(1).optional(),
  partition: template,
  sort: sortCondition.optional(),
  newestFirst: z.boolean().optional(),
  limit: z.int().positive().optional(),
  /** the order people see the items in (the query reads newestFirst or not) */
  display: z.enum(['oldestFirst', 'newestFirst'], { error: 'must be "oldestFirst" or "newestFirst"' }).optional(),
});

const accessPattern = z.strictObject({
  description: z.string().min(1).optional(),
  params: z.record(paramName, paramType).default({}),
  query: patternQuery,
  /**
   * attributes shown as table columns (default: the keys, then what the items hold): a name, or
   * {"attribute": "sk", "header": "When"} for a column headed otherwise
   */
  columns: z
    .array(
      z.union([z.string().min(1), z.strictObject({ attribute: z.string().min(1), header: z.string().min(1) })], {
        error: 'a column is an attribute name, or {"attribute": "NAME", "header": "TEXT"}',
      }),
    )
    .min(1)
    .optional(),
  /** calls per second at which `ddb patterns cost` prices it when no --rate says */
  rate: z.number().nonnegative().optional(),
});

const patternName = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'a pattern name is lower-case letters, digits and "-" (it is a command: ddb patterns NAME)')
  .refine((n) => !['check', 'policy', 'cost', 'codegen'].includes(n), 'is the name of a `ddb patterns` command (check, policy, cost, codegen) — use another name');

export const tableSchema = z.strictObject({
  name: name('a table name', 255),
  attributes: z.record(z.string().min(1), attributeType),
  keys,
  /** left out: not managed (CreateTable makes the table on-demand, a plan never switches it): see billingOf */
  billing: billing.optional(),
  globalSecondaryIndexes: z.array(gsi).max(20, 'a table has at most 20 global secondary indexes').default([]),
  localSecondaryIndexes: z.array(lsi).max(5, 'a table has at most 5 local secondary indexes').default([]),
  stream: stream.optional(),
  ttl: ttl.optional(),
  pointInTimeRecovery: z.boolean().optional(),
  deletionProtection: z.boolean().optional(),
  tableClass: z.enum(['STANDARD', 'STANDARD_INFREQUENT_ACCESS'], { error: 'must be "STANDARD" or "STANDARD_INFREQUENT_ACCESS"' }).optional(),
  encryption: encryption.optional(),
  tags: tags.optional(),
  accessPatterns: z.record(patternName, accessPattern).optional(),
  /** settings of the patterns ddb runs with code on this table (create-message, …): the rate `ddb patterns cost` prices */
  codePatterns: z.record(z.string(), z.strictObject({ rate: z.number().nonnegative() })).optional(),
});

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as "eu-west-1"');

/** Practices checked by `ddb audit` and enforced by `ddb schema-load` against AWS. */
const policy = z.strictObject({
  allowedRegions: z.array(region).min(1).optional(),
  requiredTags: z.array(tagKey).optional(),
});

export const schemaFile = z.strictObject({
  $schema: z.string().optional(),
  policy: policy.default({}),
  tables: z.array(tableSchema).min(1, 'declare at least one table'),
});

export type TableSchema = z.infer<typeof tableSchema>;
export type BillingSpec = z.infer<typeof billing>;
export type SchemaFile = z.infer<typeof schemaFile>;
export type Policy = z.infer<typeof policy>;
export type SparseSpec = z.infer<typeof sparse>;
export type KeySpec = z.infer<typeof keys>;
export type ProjectionSpec = z.infer<typeof projection>;
export type EncryptionSpec = z.infer<typeof encryption>;
export type AccessPatternSpec = z.infer<typeof accessPattern>;
export type PatternQuerySpec = z.infer<typeof patternQuery>;
export type SortConditionSpec = z.infer<typeof sortCondition>;
