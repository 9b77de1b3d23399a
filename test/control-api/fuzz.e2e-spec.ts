import fc from 'fast-check';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { ApiClient } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

/** JSON-ish values, biased toward the fields the API knows, so the fuzz reaches past the parser. */
const field = fc.oneof(
  fc.constantFrom('example', 'ttlMinutes', 'minutes', 'name', 'role', '__proto__', 'constructor'),
  fc.string({ maxLength: 12 }),
);
const value = fc.oneof(
  fc.constantFrom('tiny-sql', 'student', 'leader', 'admin', '', 0, -1, 1, 1.5, 1e308, null, true),
  fc.anything({ maxDepth: 2 }),
);
const body = fc.oneof(fc.dictionary(field, value, { maxKeys: 4 }), fc.anything({ maxDepth: 2 }));
const rawBody = fc.oneof(
  body.map((b) => JSON.stringify(b) ?? 'null'),
  fc.string({ maxLength: 40 }), // not JSON at all
  fc.constantFrom('{', '{"example":', '[]', '"x"', '{"example":"tiny-sql","ttlMinutes":1e999}'),
);
const segment = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom('sb-0000000000000000', 'sb-zzzz', '..', '%00', 'sb-' + 'f'.repeat(200)),
);

// Property: whatever a client sends, the answer is never a server error.
const idempotencyHeaders = (key: string | null): Record<string, string> =>
  key === null ? {} : { 'idempotency-key': encodeURIComponent(key) };
/** A header value fetch accepts (visible ASCII), or no token at all. */
const printableOrNone = (token: string): string | undefined => token.replace(/[^\x21-\x7e]/g, '') || undefined;

describe('control API: fuzzing requests never yields a 5xx', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let student: string;
  const serverErrors: string[] = [];

  beforeAll(async () => {
    api = await startControlApi({
      config: { examplesDir: 'test/fixtures/examples', rateLimitPerMinute: 100_000, quota: { perUser: 1, total: 2 } },
    });
    client = new ApiClient(api.base);
    student = await client.issueToken(ADMIN_TOKEN, 'fuzzer');
  });
  afterAll(async () => {
    await api?.close();
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  const send = async (method: string, path: string, token: string | undefined, raw?: string, headers = {}) => {
    const response = await fetch(`${api.base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(raw === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: raw,
    });
    const text = await response.text();
    if (response.status >= 500) serverErrors.push(`${method} ${path} ${raw ?? ''} → ${response.status} ${text}`);
    return response.status;
  };

  it('POST /api/sandboxes with arbitrary bodies and Idempotency-Keys', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, fc.option(fc.string({ maxLength: 30 })), async (raw, key) => {
        await send('POST', '/api/sandboxes', student, raw, idempotencyHeaders(key));
      }),
      { numRuns: 150 },
    );
    expect(serverErrors).toEqual([]);
  });

  /** Each sandbox route, called with an arbitrary id and body. */
  const sandboxRoutes: Record<string, (path: string, id: string, raw: string) => Promise<number>> = {
    GET: (path) => send('GET', path, student),
    DELETE: (path) => send('DELETE', path, student),
    'POST-extend': (path, _id, raw) => send('POST', `${path}/extend`, student, raw),
    'GET-events': (path) => send('GET', `${path}/events`, student),
    'GET-logs': (path, id, raw) =>
      send('GET', `${path}/logs?service=${encodeURIComponent(id)}&tail=${encodeURIComponent(raw)}`, student),
  };

  it('every sandbox route with arbitrary ids and bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(sandboxRoutes)), segment, rawBody, async (route, id, raw) => {
        await sandboxRoutes[route]!(`/api/sandboxes/${encodeURIComponent(id)}`, id, raw);
      }),
      { numRuns: 150 },
    );
    expect(serverErrors).toEqual([]);
  });

  it('tokens and examples with arbitrary input, as admin and without a token', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, segment, fc.string({ maxLength: 60 }), async (raw, id, token) => {
        await send('POST', '/api/tokens', ADMIN_TOKEN, raw);
        await send('DELETE', `/api/tokens/${encodeURIComponent(id)}`, ADMIN_TOKEN);
        await send('GET', `/api/examples/${encodeURIComponent(id)}`, undefined);
        await send('GET', '/api/sandboxes', printableOrNone(token));
      }),
      { numRuns: 100 },
    );
    expect(serverErrors).toEqual([]);
  });
});
