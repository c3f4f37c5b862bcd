/**
 * Plan steps for the table's settings: deletion protection, stream, TTL, point-in-time recovery, table class,
 * encryption and tags. A setting the file leaves out is not managed (see format.ts).
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { TableSchema } from './format.js';
import { sseSpecification, streamSpecification, tagList } from './create-table.js';
import { encryptionMatches, encryptionText, liveEncryption, liveStream, liveTableClass, type LiveTable } from './live.js';
import type { Step } from './steps.js';

export const deletionProtectionSteps = (table: TableSchema, live: TableDescription): Step[] => {
  const want = table.deletionProtection;
  if (want === undefined || Boolean(live.DeletionProtectionEnabled) === want) return [];
  return [
    {
      table: table.name,
      kind: want ? 'safe' : 'destructive',
      text: want ? 'turn deletion protection on' : 'turn deletion protection off — the table can then be deleted',
      operation: { api: 'UpdateTable', input: { TableName: table.name, DeletionProtectionEnabled: want } },
    },
  ];
};

const streamSteps = (table: TableSchema, live: TableDescription): Step[] => {
  const want = table.stream;
  const have = liveStream(live);
  if (want === undefined || want === have) return [];
  const name = table.name;
  const off: Step = {
    table: name,
    kind: 'destructive',
    text: `turn the stream off (${have}) — its consumers stop receiving changes`,
    operation: { api: 'UpdateTable', input: { TableName: name, StreamSpecification: streamSpecification(false) } },
  };
  if (want === false) return [off];
  const on: Step = {
    table: name,
    kind: 'safe',
    text: `turn the stream on (${want})`,
    operation: { api: 'UpdateTable', input: { TableName: name, StreamSpecification: streamSpecification(want) } },
  };
  // A stream's view type cannot change in place: the old stream ends and a new one (with a new ARN) starts.
  return have ? [off, on] : [on];
};

const ttlSteps = (table: TableSchema, live: LiveTable): Step[] => {
  const want = table.ttl;
  if (want === undefined) return [];
  const name = table.name;
  const update = (Enabled: boolean, AttributeName: string) => ({ api: 'UpdateTimeToLive' as const, input: { TableName: name, TimeToLiveSpecification: { Enabled, AttributeName } } });
  if (want === false) {
    return live.ttl ? [{ table: name, kind: 'safe', text: `turn TTL off (${live.ttl}) — items stop expiring`, operation: update(false, live.ttl) }] : [];
  }
  if (live.ttl === want.attribute) return [];
  const on: Step = { table: name, kind: 'safe', text: `turn TTL on (${want.attribute})`, operation: update(true, want.attribute) };
  if (!live.ttl) return [on];
  // AWS takes up to an hour to process a TTL change and refuses another until then: a re-run finishes the switch.
  return [
    { table: name, kind: 'safe', text: `turn TTL off (${live.ttl}) to move it — on AWS the next TTL change waits up to an hour`, operation: update(false, live.ttl) },
    on,
  ];
};

const pitrSteps = (table: TableSchema, live: LiveTable): Step[] => {
  const want = table.pointInTimeRecovery;
  if (want === undefined || live.pitr === want || (live.pitr === undefined && !want)) return [];
  return [
    {
      table: table.name,
      kind: want ? 'safe' : 'destructive',
      text: want ? 'turn point-in-time recovery on' : 'turn point-in-time recovery off — the restore window is lost',
      operation: { api: 'UpdateContinuousBackups', input: { TableName: table.name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: want } } },
    },
  ];
};

const classAndEncryptionSteps = (table: TableSchema, live: TableDescription): Step[] => {
  const steps: Step[] = [];
  if (table.tableClass && table.tableClass !== liveTableClass(live)) {
    steps.push({
      table: table.name,
      kind: 'safe',
      text: `change the table class from ${liveTableClass(live)} to ${table.tableClass}`,
      operation: { api: 'UpdateTable', input: { TableName: table.name, TableClass: table.tableClass } },
    });
  }
  if (table.encryption && !encryptionMatches(table.encryption, live)) {
    steps.push({
      table: table.name,
      kind: 'safe',
      text: `encrypt with the ${encryptionText(table.encryption)} (now: ${encryptionText(liveEncryption(live))})`,
      operation: { api: 'UpdateTable', input: { TableName: table.name, SSESpecification: sseSpecification(table.encryption) } },
    });
  }
  return steps;
};

/** Tags in the file are set; tags on the table that the file does not list are removed (the file is the truth). */
const tagSteps = (table: TableSchema, live: LiveTable): Step[] => {
  if (!table.tags) return [];
  const have = live.tags ?? {};
  const set = Object.fromEntries(Object.entries(table.tags).filter(([k, v]) => have[k] !== v));
  const remove = Object.keys(have).filter((k) => !(k in table.tags!) && !k.startsWith('aws:'));
  const steps: Step[] = [];
  if (Object.keys(set).length) {
    const text = Object.entries(set).map(([k, v]) => `${k}=${v}`).join(', ');
    steps.push({ table: table.name, kind: 'safe', text: `tag ${text}`, operation: { api: 'TagResource', input: { TableName: table.name, Tags: tagList(set) } } });
  }
  if (remove.length) {
    steps.push({ table: table.name, kind: 'safe', text: `remove tag(s) ${remove.join(', ')}`, operation: { api: 'UntagResource', input: { TableName: table.name, TagKeys: remove } } });
  }
  return steps;
};

export const settingSteps = (table: TableSchema, live: LiveTable): Step[] => [
  ...streamSteps(table, live.description),
  ...ttlSteps(table, live),
  ...pitrSteps(table, live),
  ...classAndEncryptionSteps(table, live.description),
  ...tagSteps(table, live),
];
