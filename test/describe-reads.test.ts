/**
 * `ddb describe` sends the reads of its plan (src/schema/live.ts liveSteps) through perform, against an endpoint that
 * answers as AWS does where DynamoDB Local cannot: backups, and tags in pages. The ListTagsOfResource names the
 * TableArn DescribeTable answered (the plan's placeholder, filled), and every page of tags is read. No engine.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ddb } from './helpers/run.js';

const ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders';
const sent: { api: string; body: any }[] = [];
const answers: Record<string, (body: any) => unknown> = {
  DescribeTable: () => ({
    Table: {
      TableName: 'orders',
      TableArn: ARN,
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      ItemCount: 0,
      TableSizeBytes: 0,
    },
  }),
  DescribeTimeToLive: () => ({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' } }),
  DescribeContinuousBackups: () => ({ ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } } }),
  ListTagsOfResource: (body) => (body.NextToken ? { Tags: [{ Key: 'team', Value: 'chat' }] } : { Tags: [{ Key: 'env', Value: 'prod' }], NextToken: 'page-2' }),
};

let server: Server;
let endpoint = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const api = String(req.headers['x-amz-target']).split('.').pop()!;
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      sent.push({ api, body });
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      res.end(JSON.stringify(answers[api]?.(body) ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('describe: every page of tags, of the ARN DescribeTable answers; TTL and PITR from their own reads', async () => {
  const r = await ddb(['--endpoint-url', endpoint, 'describe', 'orders', '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.json()).toMatchObject({
    arn: ARN,
    ttl: { supported: true, enabled: true, attribute: 'expires_at' },
    pointInTimeRecovery: { supported: true, enabled: true },
    tags: { supported: true, values: { env: 'prod', team: 'chat' } },
  });
  expect(sent.filter((s) => s.api === 'ListTagsOfResource')).toEqual([
    { api: 'ListTagsOfResource', body: { ResourceArn: ARN } },
    { api: 'ListTagsOfResource', body: { ResourceArn: ARN, NextToken: 'page-2' } },
  ]);
  expect(sent.map((s) => s.api).sort()).toEqual(['DescribeContinuousBackups', 'DescribeTable', 'DescribeTimeToLive', 'ListTagsOfResource', 'ListTagsOfResource']);
});
