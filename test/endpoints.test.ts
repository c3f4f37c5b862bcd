/**
 * Where commands point: a loopback endpoint is a local engine (dummy credentials); any other endpoint, --region or
 * --profile is AWS (the SDK's chain), and says so. A server that answers but is not DynamoDB is one clear line.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ddb } from './helpers/run.js';
import { describeTarget, resolveTarget } from '../src/target.js';
import { translateAwsError } from '../src/aws/errors.js';

describe('the target', () => {
  it('a remote endpoint is AWS-like: the SDK chain, "DynamoDB at HOST", no `ddb local start` hint', () => {
    const remote = resolveTarget({ endpointUrl: 'https://dynamodb.example.internal:8443' }, {});
    expect(remote).toMatchObject({ kind: 'aws', endpoint: 'https://dynamodb.example.internal:8443' });
    expect(describeTarget(remote, 'eu-west-1')).toBe('DynamoDB at dynamodb.example.internal:8443 (region eu-west-1, credentials from the SDK chain)');
    const aws = resolveTarget({ endpointUrl: 'https://dynamodb.us-east-1.amazonaws.com' }, {});
    expect(describeTarget(aws, 'us-east-1')).toContain('AWS DynamoDB in us-east-1');
    const refused = translateAwsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { target: remote, region: 'eu-west-1' }) as Error;
    expect(refused.message).not.toContain('ddb local start');
    expect(String((refused as { suggestion?: string }).suggestion)).not.toContain('ddb local start');
  });

  it('environment endpoints follow the same rule; --region and --profile ask for AWS; a loopback endpoint stays local', () => {
    expect(resolveTarget({}, { AWS_ENDPOINT_URL_DYNAMODB: 'http://10.0.0.5:8000' })).toMatchObject({ kind: 'aws', endpoint: 'http://10.0.0.5:8000' });
    expect(resolveTarget({}, { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' })).toMatchObject({ kind: 'local' });
    expect(resolveTarget({ region: 'eu-west-1' }, {})).toMatchObject({ kind: 'aws', region: 'eu-west-1' });
    expect(resolveTarget({ profile: 'work' }, {})).toMatchObject({ kind: 'aws', profile: 'work' });
    expect(resolveTarget({ region: 'eu-west-1', endpointUrl: 'http://localhost:8000' }, {})).toMatchObject({ kind: 'local', region: 'eu-west-1' });
  });

  it('a server that is not DynamoDB: one line, exit 4', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>hello</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await ddb(['--endpoint-url', url, 'list-tables']);
      expect(r.code).toBe(4);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`the server at ${url} answered (HTTP 200, text/html), but not as DynamoDB`);
      expect(r.stderr).not.toContain('SyntaxError');
    } finally {
      server.close();
    }
  });
});
