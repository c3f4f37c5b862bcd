/** ddb ui's request check, pure: the token, the cookie and the port (no engine; the HTTP level is in test/ui.test.ts). */
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../src/ui/security.js';

describe('ddb ui over HTTP, pure', () => {
  it('checkRequest: the token in the address works only on a read, and a cookie of another port is not this one', () => {
    const facts = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers });
    const opts = { token: 'secret', port: 1234 };
    expect(checkRequest(facts('POST', '/api/x?token=secret', { host: '127.0.0.1:1234' }), opts)).toMatchObject({ kind: 'refuse', status: 401 });
    expect(checkRequest(facts('GET', '/#/x', { host: '127.0.0.1:1234', cookie: 'ddb_ui_1235=secret' }), opts)).toMatchObject({ kind: 'refuse', status: 401 });
    expect(checkRequest(facts('GET', '/?a=1&token=secret', { host: 'localhost:1234' }), opts)).toEqual({ kind: 'login', location: '/?a=1', cookie: 'ddb_ui_1234=secret; HttpOnly; SameSite=Strict; Path=/' });
  });
});
