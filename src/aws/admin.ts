/**
 * Table administration for schema-load, describe and audit: reads a table's whole live state (DescribeTable,
 * DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource), probes what the engine supports, and sends
 * plan operations. Loaded lazily, like dynamo.ts.
 */
import {
  DescribeContinuousBackupsCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DdbError } from '../errors.js';
import type { Dynamo } from './dynamo.js';
import type { Capabilities, LiveTable } from '../schema/live.js';
import type { Operation } from '../schema/plan.js';

/** The engine has no such API (DynamoDB Local answers UnknownOperationException for tagging and backups). */
const isUnknownOperation = (error: unknown): boolean =>
  error instanceof DdbError && (error.cause as { name?: string } | undefined)?.name === 'UnknownOperationException';

/** Runs `fn`; undefined when the engine lacks the API. */
const optional = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await fn();
  } catch (error) {
    if (isUnknownOperation(error)) return undefined;
    throw error;
  }
};

const tagsOf = async (db: Dynamo, arn: string): Promise<Record<string, string> | undefined> =>
  optional(async () => {
    const tags: Record<string, string> = {};
    let token: string | undefined;
    do {
      const page = await db.call(undefined, () => db.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken: token })));
      for (const t of page.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
      token = page.NextToken;
    } while (token);
    return tags;
  });

/**
 * The table's whole state, or undefined when it does not exist. By default waits out a table that is mid-change
 * (a plan needs the settled state); `describe` passes `wait: false` to show the change in progress.
 */
export const readLive = async (db: Dynamo, table: string, { wait = true } = {}): Promise<LiveTable | undefined> => {
  let description = await db.describeTable(table);
  if (!description) return undefined;
  if (wait && description.TableStatus !== 'ACTIVE' || (description.GlobalSecondaryIndexes ?? []).some((i) => i.IndexStatus !== 'ACTIVE')) {
    description = await db.waitActive(table);
  }
  const [ttl, backups, tags] = await Promise.all([
    optional(() => db.call(table, () => db.client.send(new DescribeTimeToLiveCommand({ TableName: table })))),
    optional(() => db.call(table, () => db.client.send(new DescribeContinuousBackupsCommand({ TableName: table })))),
    tagsOf(db, description.TableArn ?? ''),
  ]);
  const ttlStatus = ttl?.TimeToLiveDescription?.TimeToLiveStatus;
  const pitr = backups ? backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED' : undefined;
  return {
    description,
    ttl: !ttl ? undefined : (ttlStatus === 'ENABLED' || ttlStatus === 'ENABLING') && ttl.TimeToLiveDescription?.AttributeName ? ttl.TimeToLiveDescription.AttributeName : false,
    pitr,
    tags,
    capabilities: capabilitiesFrom({ pitr: backups !== undefined, tags: tags !== undefined, ttl: ttl !== undefined }, Boolean(description.TableClassSummary || description.SSEDescription)),
  };
};

/**
 * An engine that keeps backups keeps table class and encryption too; one without (DynamoDB Local) accepts both
 * on CreateTable, ignores them and reports neither, so they cannot be planned there.
 */
const capabilitiesFrom = (apis: Omit<Capabilities, 'classAndEncryption'>, reportsClassOrSse: boolean): Capabilities => ({
  ...apis,
  classAndEncryption: apis.pitr || reportsClassOrSse,
});

/** What the engine supports, for tables that do not exist yet: asks the two optional APIs about a missing table. */
export const probeCapabilities = async (db: Dynamo): Promise<Capabilities> => {
  const probe = async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      return true;
    } catch (error) {
      return !isUnknownOperation(error); // "not found" or "access denied" still means the API exists
    }
  };
  const missing = 'ddb-capability-probe';
  const arn = `arn:aws:dynamodb:${db.region ?? 'us-east-1'}:000000000000:table/${missing}`;
  const [pitr, tags, ttl] = await Promise.all([
    probe(() => db.call(missing, () => db.client.send(new DescribeContinuousBackupsCommand({ TableName: missing })))),
    probe(() => db.call(missing, () => db.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn })))),
    probe(() => db.call(missing, () => db.client.send(new DescribeTimeToLiveCommand({ TableName: missing })))),
  ]);
  return capabilitiesFrom({ pitr, tags, ttl }, false);
};

/** Sends one plan operation. Tag operations need the table's ARN, known only once the table exists. */
export const perform = async (db: Dynamo, op: Operation): Promise<void> => {
  const table = op.input.TableName ?? '';
  switch (op.api) {
    case 'CreateTable':
      await db.createTable(op.input); // false: it exists already (a parallel run made it); apply waits for ACTIVE either way
      return;
    case 'UpdateTable':
      await db.call(table, () => db.client.send(new UpdateTableCommand(op.input)));
      return;
    case 'UpdateTimeToLive':
      await db.call(table, () => db.client.send(new UpdateTimeToLiveCommand(op.input)));
      return;
    case 'UpdateContinuousBackups':
      await db.call(table, () => db.client.send(new UpdateContinuousBackupsCommand(op.input)));
      return;
    case 'TagResource': {
      const arn = (await db.requireTable(table)).TableArn ?? '';
      await db.call(table, () => db.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: op.input.Tags })));
      return;
    }
    case 'UntagResource': {
      const arn = (await db.requireTable(table)).TableArn ?? '';
      await db.call(table, () => db.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: op.input.TagKeys })));
      return;
    }
  }
};
