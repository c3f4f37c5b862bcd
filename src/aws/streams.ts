/**
 * DynamoDB Streams (DescribeStream, GetShardIterator, GetRecords) with the DynamoDB client's endpoint, credentials and
 * retries (./dynamo.ts clientOptions). Loaded only by `Dynamo.streams()`, so no other command loads this client.
 * Records come back as the engine sent them (DynamoDB JSON images): `streams run` hands them on as they are, as Lambda
 * does; `plainRecord` gives `streams tail` plain values (Keys, NewImage, OldImage unmarshalled like the document
 * client's items).
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { Target } from '../target.js';
import { clientOptions, type Timeouts, plainItem } from './client-options.js';
import type { AttributeMap } from '../values/attribute.js';
import type { DdbRetryStrategy } from './retry.js';

export type { Shard, _Record as RawRecord } from '@aws-sdk/client-dynamodb-streams';

type Plain = Record<string, unknown>;

/** A stream record with plain values, as `ddb streams tail --output ndjson` prints it. */
export interface StreamRecord {
  eventID?: string;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventSource?: string;
  awsRegion?: string;
  dynamodb: {
    /** ISO 8601 (DynamoDB rounds it to the second; DynamoDB Local to the minute) */
    ApproximateCreationDateTime?: string;
    Keys?: Plain;
    NewImage?: Plain;
    OldImage?: Plain;
    SequenceNumber?: string;
    SizeBytes?: number;
    StreamViewType?: string;
  };
  /** who made the change, for records of TTL deletions */
  userIdentity?: { type?: string; principalId?: string };
}

export interface RecordsPage {
  records: _Record[];
  /** undefined: the shard is closed and fully read */
  next: string | undefined;
}

/** ExpiredIteratorException / TrimmedDataAccessException: the caller gets a fresh iterator. */
export class IteratorLost extends Error {
  constructor(readonly reason: 'expired' | 'trimmed') {
    super(reason);
  }
}

const plain = (image: Record<string, unknown> | undefined): Plain | undefined =>
  image ? plainItem(image as AttributeMap) : undefined;

/** DynamoDB's identity of the deletions its TTL process makes (a REMOVE record's userIdentity). */
export const TTL_IDENTITY = { type: 'Service', principalId: 'dynamodb.amazonaws.com' } as const;

/** A record with plain values. */
export const plainRecord = (r: _Record): StreamRecord => {
  const d = r.dynamodb ?? {};
  const when = d.ApproximateCreationDateTime;
  return {
    eventID: r.eventID,
    eventName: r.eventName,
    eventSource: r.eventSource,
    awsRegion: r.awsRegion,
    dynamodb: {
      ApproximateCreationDateTime: when instanceof Date ? when.toISOString() : when === undefined ? undefined : String(when),
      Keys: plain(d.Keys),
      NewImage: plain(d.NewImage),
      OldImage: plain(d.OldImage),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    ...(r.userIdentity ? { userIdentity: { type: r.userIdentity.Type, principalId: r.userIdentity.PrincipalId } } : {}),
  };
};

/**
 * DynamoDB Local (and other DynamoDB look-alikes) serve streams on their one endpoint; AWS has a separate streams
 * endpoint, which the SDK finds itself (or AWS_ENDPOINT_URL_DYNAMODB_STREAMS) — an amazonaws.com DynamoDB endpoint
 * given with --endpoint-url is not it.
 */
export const streamsEndpoint = (target: Target): string | undefined => {
  if (target.kind === 'local') return target.endpoint;
  return target.endpoint && !/\.amazonaws\.com(\.cn)?$/.test(new URL(target.endpoint).hostname) ? target.endpoint : undefined;
};

export class Streams {
  readonly client: DynamoDBStreamsClient;

  constructor(
    target: Target,
    retry: DdbRetryStrategy,
    timeouts: Timeouts,
    private readonly translate: (error: unknown, table?: string) => unknown,
  ) {
    this.client = new DynamoDBStreamsClient({ ...clientOptions(target, retry, timeouts), ...(streamsEndpoint(target) ? { endpoint: streamsEndpoint(target) } : {}) });
  }

  private async call<T>(fn: () => Promise<T>, table?: string): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'ExpiredIteratorException') throw new IteratorLost('expired');
      if (name === 'TrimmedDataAccessException') throw new IteratorLost('trimmed');
      if (name === 'AbortError') throw error;
      throw this.translate(error, table);
    }
  }

  /** The stream's status and every shard (DescribeStream pages through them with ExclusiveStartShardId). */
  async describe(streamArn: string, table: string, abortSignal?: AbortSignal): Promise<{ status: string | undefined; shards: Shard[] }> {
    const shards: Shard[] = [];
    let status: string | undefined;
    let start: string | undefined;
    do {
      const out = await this.call(() => this.client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }), { abortSignal }), table);
      status = out.StreamDescription?.StreamStatus;
      shards.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return { status, shards };
  }

  async iterator(streamArn: string, shardId: string, type: ShardIteratorType, sequenceNumber?: string, abortSignal?: AbortSignal): Promise<string | undefined> {
    const out = await this.call(() => this.client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber }), { abortSignal }));
    return out.ShardIterator;
  }

  async records(iterator: string, abortSignal?: AbortSignal): Promise<RecordsPage> {
    const out = await this.call(() => this.client.send(new GetRecordsCommand({ ShardIterator: iterator }), { abortSignal }));
    return { records: out.Records ?? [], next: out.NextShardIterator };
  }

  destroy(): void {
    this.client.destroy();
  }
}
