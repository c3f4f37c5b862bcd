/**
 * The target is what ddb says it is: --prod never talks to this machine while saying AWS, an endpoint's `user:pw@` is
 * never echoed, an empty --endpoint-url or --region is a mistake (not the default), AWS_DEFAULT_REGION counts as the
 * AWS CLI counts it, and https:// to a plain-HTTP port is one clear line.
 */
import { describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';
import { resolveTarget } from '../src/target.js';

const endpoint = inject('endpoint');
const hostPort = new URL(endpoint).host;

describe('where ddb points, and what it says', () => {
  it('--prod with AWS_ENDPOINT_URL_DYNAMODB on this machine is refused before anything is sent (it would create tables locally while saying AWS)', async () => {
    for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL']) {
      const r = await ddb(['--prod', 'schema-load', '--yes'], { env: { [name]: endpoint, AWS_REGION: 'us-east-1' } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim()).toBe(`ddb: --prod asks for AWS, but ${name} points at ${endpoint}, on this machine — unset ${name} to reach AWS, or leave out --prod to use the local engine there`);
    }
    // Without --prod the variable is the local engine, and the banner says so.
    const local = await ddb(['list-tables'], { env: { AWS_ENDPOINT_URL_DYNAMODB: endpoint } });
    expect(local.stderr).toContain(`→ local DynamoDB at ${endpoint}`);
  });

  it('user:password@ in an endpoint is never echoed: not in the banner, not in an error', async () => {
    const ok = await ddb(['--endpoint-url', `http://someone:s3cret@${hostPort}`, 'list-tables']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain(`→ local DynamoDB at http://${hostPort}`);
    const down = await ddb(['--endpoint-url', 'http://someone:s3cret@127.0.0.1:1', 'list-tables']);
    expect(down.code).toBe(4);
    expect(down.stderr).toContain('nothing answers at http://127.0.0.1:1');
    for (const r of [ok, down]) expect(r.stdout + r.stderr).not.toMatch(/s3cret|someone/);
  });

  it('an empty --endpoint-url or --region is an error, not the default engine', async () => {
    const endpointEmpty = await ddb(['--endpoint-url', '', 'list-tables']);
    expect(endpointEmpty.code).toBe(2);
    expect(endpointEmpty.stderr.trim()).toBe('ddb: --endpoint-url is empty — use e.g. http://localhost:8000');
    const regionEmpty = await ddb(['--endpoint-url', endpoint, '--region', '', 'list-tables']);
    expect(regionEmpty.code).toBe(2);
    expect(regionEmpty.stderr).toContain('--region is empty');
    const prodRegionEmpty = await ddb(['--prod', '--region', '', 'list-tables']);
    expect(prodRegionEmpty.code).toBe(2);
    expect(prodRegionEmpty.stderr).not.toContain('unexpected error');
  });

  it('AWS_DEFAULT_REGION is honoured with --prod, after --region and AWS_REGION, as the AWS CLI does', async () => {
    expect(resolveTarget({ prod: true }, { AWS_DEFAULT_REGION: 'eu-west-1' })).toMatchObject({ kind: 'aws', region: 'eu-west-1' });
    expect(resolveTarget({ prod: true }, { AWS_DEFAULT_REGION: 'eu-west-1', AWS_REGION: 'us-west-2' })).toMatchObject({ region: undefined }); // the SDK reads AWS_REGION
    expect(resolveTarget({ prod: true, region: 'ap-south-1' }, { AWS_DEFAULT_REGION: 'eu-west-1' })).toMatchObject({ region: 'ap-south-1' });
    // End to end against the test engine named as an AWS endpoint: the region comes from AWS_DEFAULT_REGION alone.
    const r = await ddb(['--prod', '--endpoint-url', endpoint, 'list-tables'], { env: { AWS_DEFAULT_REGION: 'eu-west-1', AWS_REGION: '', AWS_PROFILE: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`DynamoDB at ${hostPort} (region eu-west-1`);
  });

  it('https:// to a plain-HTTP port: one line saying so, with the http:// to use, exit 4', async () => {
    const https = endpoint.replace(/^http:/, 'https:');
    const r = await ddb(['--endpoint-url', https, 'list-tables']);
    expect(r.code).toBe(4);
    expect(r.stderr.trim()).toBe(`ddb: the TLS handshake with ${https} failed: the server there does not speak https — DynamoDB Local speaks plain HTTP: use ${endpoint}`);
  });
});
