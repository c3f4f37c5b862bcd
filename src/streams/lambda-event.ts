/**
 * Stream records in the shape Lambda hands a DynamoDB stream function (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html):
 * `{"Records": [{eventID, eventName, eventVersion, eventSource, awsRegion, dynamodb: {ApproximateCreationDateTime
 * (epoch seconds), Keys, NewImage, OldImage, SequenceNumber, SizeBytes, StreamViewType}, userIdentity (TTL
 * deletions only), eventSourceARN}]}`, images in DynamoDB JSON with binary as base64 — the wire format, untouched.
 * The values are the engine's: DynamoDB Local says `"awsRegion": "ddblocal"` and a `ddblocal` stream ARN.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { RawRecord } from '../aws/streams.js';

type Wire = Record<string, unknown>;

export interface LambdaRecord {
  eventID?: string;
  eventName?: string;
  eventVersion: string;
  eventSource: string;
  awsRegion?: string;
  dynamodb: {
    ApproximateCreationDateTime?: number;
    Keys?: Wire;
    NewImage?: Wire;
    OldImage?: Wire;
    SequenceNumber?: string;
    SizeBytes?: number;
    StreamViewType?: string;
  };
  userIdentity?: { type: string; principalId: string };
  eventSourceARN: string;
}

const base64 = (bytes: unknown): string => Buffer.from(bytes as Uint8Array).toString('base64');

/** One attribute value as DynamoDB's JSON wire format has it (the SDK gives binary as bytes). */
const wireValue = (av: AttributeValue): Wire => {
  if (av.B !== undefined) return { B: base64(av.B) };
  if (av.BS !== undefined) return { BS: av.BS.map(base64) };
  if (av.M !== undefined) return { M: wireImage(av.M) };
  if (av.L !== undefined) return { L: av.L.map(wireValue) };
  const [type, value] = Object.entries(av).find(([k, v]) => k !== '$unknown' && v !== undefined) ?? ['NULL', true];
  return { [type]: value };
};

const wireImage = (image: Record<string, AttributeValue> | undefined): Wire | undefined =>
  image ? Object.fromEntries(Object.entries(image).map(([k, v]) => [k, wireValue(v)])) : undefined;

const epochSeconds = (when: unknown): number | undefined => (when instanceof Date ? when.getTime() / 1000 : typeof when === 'number' ? when : undefined);

export const lambdaRecord = (r: RawRecord, streamArn: string): LambdaRecord => {
  const d = r.dynamodb ?? {};
  const dynamodb: LambdaRecord['dynamodb'] = { ApproximateCreationDateTime: epochSeconds(d.ApproximateCreationDateTime), Keys: wireImage(d.Keys) };
  if (d.NewImage) dynamodb.NewImage = wireImage(d.NewImage);
  if (d.OldImage) dynamodb.OldImage = wireImage(d.OldImage);
  Object.assign(dynamodb, { SequenceNumber: d.SequenceNumber, SizeBytes: d.SizeBytes, StreamViewType: d.StreamViewType });
  const identity = r.userIdentity ? { type: r.userIdentity.Type!, principalId: r.userIdentity.PrincipalId! } : undefined;
  return {
    eventID: r.eventID,
    eventName: r.eventName,
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: r.eventSource ?? 'aws:dynamodb',
    awsRegion: r.awsRegion,
    dynamodb,
    ...(identity ? { userIdentity: identity } : {}),
    eventSourceARN: streamArn,
  };
};
