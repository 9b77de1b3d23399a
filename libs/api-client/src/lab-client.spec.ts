import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectData, expectOk, LabApiError } from './lab-api-error';
import { createLabClient } from './lab-client';

/** A real HTTP server standing in for the control API: it answers by path and keeps the headers it got. */
async function startStandIn(): Promise<{ server: Server; baseUrl: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    if (request.url === '/api/sandboxes/sb-0000000000000001') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'sb-0000000000000001', state: 'ready', services: [] }));
    } else if (request.url === '/api/tokens/6f1c2a9e-0000-4000-8000-000000000001') {
      response.writeHead(204).end();
    } else if (request.url === '/api/examples') {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    } else {
      response.writeHead(404, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No sandbox sb-x' }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen };
}

describe('createLabClient', () => {
  let standIn: Awaited<ReturnType<typeof startStandIn>>;
  beforeAll(async () => {
    standIn = await startStandIn();
  });
  afterAll(() => standIn.server.close());

  it('sends the bearer token and hands over the typed data of a 2xx answer', async () => {
    const lab = createLabClient({ baseUrl: standIn.baseUrl, token: 'lab_student' });
    const sandbox = await expectData(
      lab.GET('/api/sandboxes/{id}', { params: { path: { id: 'sb-0000000000000001' } } }),
    );
    expect(sandbox).toMatchObject({ id: 'sb-0000000000000001', state: 'ready' });
    expect(standIn.seen.at(-1)?.authorization).toBe('Bearer lab_student');
  });

  it('sends no Authorization header without a token', async () => {
    const lab = createLabClient({ baseUrl: standIn.baseUrl });
    await expectOk(
      lab.DELETE('/api/tokens/{id}', { params: { path: { id: '6f1c2a9e-0000-4000-8000-000000000001' } } }),
    );
    expect(standIn.seen.at(-1)).not.toHaveProperty('authorization');
  });

  it('throws a problem+json answer as a LabApiError carrying the status and the problem', async () => {
    const lab = createLabClient({ baseUrl: standIn.baseUrl, token: 'lab_student' });
    const failed = expectData(lab.GET('/api/sandboxes/{id}', { params: { path: { id: 'sb-x' } } }));
    await expect(failed).rejects.toBeInstanceOf(LabApiError);
    await expect(failed).rejects.toMatchObject({
      status: 404,
      path: '/api/sandboxes/sb-x',
      problem: { title: 'Not Found', status: 404, detail: 'No sandbox sb-x' },
      message: '/api/sandboxes/sb-x answered 404: Not Found: No sandbox sb-x',
    });
  });

  it('keeps the status and the body text of an error that is not a problem', async () => {
    const lab = createLabClient({ baseUrl: standIn.baseUrl });
    await expect(expectData(lab.GET('/api/examples'))).rejects.toMatchObject({
      status: 502,
      problem: undefined,
      body: '<h1>Bad gateway</h1>',
    });
  });
});
