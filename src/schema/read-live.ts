/**
 * Reads a table's whole live state for the planner, describe and audit: DescribeTable, then TTL, backups (PITR)
 * and tags through their own APIs (the steps of ./live.ts liveSteps, sent through perform), and what the engine
 * supports (probed, not assumed).
 */
import type { Dynamo, WaitOptions } from '../aws/dynamo.js';
import { performOptional, probeApis } from '../aws/admin.js';
import { perform } from '../aws/perform.js';
import { DdbError } from '../errors.js';
import { type Capabilities, type LiveTable, liveSteps } from './live.js';

/**
 * The table's whole state, or undefined when it does not exist. `wait: 'all'` (apply) waits out a table or index that
 * is mid-change; `'table'` (a plan) waits for the table only — an index still CREATING is reported in the plan, not
 * waited for; a table being deleted is waited for until gone (then it does not exist). Every wait reports through
 * `onWait` and gives up after `timeoutSeconds`. `describe` and `audit` pass `wait: false` to show the change in progress.
 */
export const readLive = async (db: Dynamo, table: string, { wait = 'all', ...waiting }: { wait?: 'all' | 'table' | false } & WaitOptions = {}): Promise<LiveTable | undefined> => {
  const [describe, ttlStep, backupsStep, tagsStep] = liveSteps(table);
  const found = await perform(db, describe).catch((error: unknown) => {
    if (error instanceof DdbError && error.code === 'table.notFound') return undefined;
    throw error;
  });
  if (!found?.Table) return undefined;
  let description = found.Table;
  if (wait && description.TableStatus === 'DELETING') {
    await db.waitDeleted(table, waiting);
    return undefined;
  }
  const busy = description.TableStatus !== 'ACTIVE' || (wait === 'all' && (description.GlobalSecondaryIndexes ?? []).some((i) => i.IndexStatus !== 'ACTIVE'));
  if (wait && busy) description = await db.waitActive(table, { ...waiting, indexes: wait === 'all' });
  const tagged = { ...tagsStep, input: { ResourceArn: description.TableArn ?? '' } };
  const [ttl, backups, tagList] = await Promise.all([performOptional(db, ttlStep), performOptional(db, backupsStep), performOptional(db, tagged, { table })]);
  const tags = tagList && Object.fromEntries(tagList.Tags.flatMap((t) => (t.Key ? [[t.Key, t.Value ?? '']] : [])));
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

/** What the engine supports, for tables that do not exist yet. */
export const probeCapabilities = async (db: Dynamo): Promise<Capabilities> => capabilitiesFrom(await probeApis(db), false);
