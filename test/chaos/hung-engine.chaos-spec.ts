import { loadLabConfig } from '@lab/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { ApiClient } from '../control-api/support/api-client';
import { CHAOS_EXAMPLES, within } from './support/chaos-lab';

/** "Quickly": the API's own engine probe gives up after 2 s; a little more for the request itself. */
const ANSWER_WITHIN_MS = 3_000;

// An engine that accepts connections but never answers, as a starting (or wedged) dockerd does:
// ordinary engine calls would wait their whole budget (15 s), but /health and a launch answer 503
// within seconds, and what the API's own state knows is still served.
describe('chaos: an engine that accepts connections and never answers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-hung-engine-'));
  const socketPath = join(dir, 'docker.sock');
  const held: Socket[] = [];
  let engine: Server;
  let api: ControlApi;

  beforeAll(async () => {
    engine = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => engine.listen(socketPath, resolve));
    const docker = { ...loadLabConfig().docker, socketPath };
    api = await startControlApi({ config: { docker, examplesDir: CHAOS_EXAMPLES } });
  });

  afterAll(async () => {
    await api?.close();
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => engine.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /health with 503 quickly, naming the engine as down', async () => {
    const response = await within(ANSWER_WITHIN_MS, 'GET /health', (signal) => fetch(`${api.base}/health`, { signal }));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ docker: { status: 'down' }, database: { status: 'up' } });
  });

  it('refuses a launch with 503 and Retry-After quickly, and keeps serving its own state', async () => {
    const client = new ApiClient(api.base);
    const launch = await within(ANSWER_WITHIN_MS, 'POST /api/sandboxes', () =>
      client.call('POST', 'sandboxes', { token: ADMIN_TOKEN, body: { example: 'chaos-sql' } }),
    );
    expect(launch.status).toBe(503);
    expect(launch.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(launch.headers.get('retry-after')).toMatch(/^\d+$/);
    const list = await within(ANSWER_WITHIN_MS, 'GET /api/sandboxes', () =>
      client.call('GET', 'sandboxes', { token: ADMIN_TOKEN }),
    );
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual([]);
  });
});
