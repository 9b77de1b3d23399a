import { expectData } from '@lab/api-client';
import { DataSource } from 'typeorm';
import { SandboxStreams } from '../../apps/control-api/src/sandboxes/sandbox-streams';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

/** The bound: a stream ends within 1 s of its token's revocation or its sandbox's deletion. */
const END_WITHIN_MS = 1_000;

interface OpenStream {
  status: number;
  /** Resolves when the server ended the stream. */
  ended: Promise<'ended'>;
  abort: () => void;
}

/** Opens an SSE stream and keeps reading it in the background until the server ends it. */
async function openStream(url: string, token: string): Promise<OpenStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  const reader = response.body!.getReader();
  const ended = (async () => {
    for (;;) if ((await reader.read()).done) return 'ended' as const;
  })();
  ended.catch(() => undefined);
  return { status: response.status, ended, abort: () => abort.abort() };
}

/** 'ended' when every stream ended within `ms` from now, else 'still open'. */
async function allEndWithin(streams: OpenStream[], ms: number): Promise<'ended' | 'still open'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'still open'>((resolve) => (timer = setTimeout(() => resolve('still open'), ms)));
  try {
    return await Promise.race([
      Promise.all(streams.map((stream) => stream.ended)).then(() => 'ended' as const),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// Streams are bounded per user and never outlive the token that opened them or the sandbox they follow.
describe('control API: event and log streams', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  const opened: OpenStream[] = [];

  const student = async (name: string) =>
    expectData(client.as(ADMIN_TOKEN).POST('/api/tokens', { body: { name, role: 'student' } }));
  const launchReady = async (token: string) => {
    const launched = await expectData(client.as(token).POST('/api/sandboxes', { body: { example: 'tiny-sql' } }));
    return client.waitForSandbox(token, launched.id, (s) => s.state === 'ready');
  };
  const open = async (path: string, token: string) => {
    const stream = await openStream(`${api.base}/api/${path}`, token);
    opened.push(stream);
    return stream;
  };

  beforeAll(async () => {
    api = await startControlApi({
      config: { examplesDir: 'test/fixtures/examples', reconcileIntervalMs: 5_000, streamsPerUser: 8 },
    });
    client = new ApiClient(api.base);
  });
  afterAll(async () => {
    for (const stream of opened) stream.abort();
    const instance = api.app.get<LabInstance>(LAB_INSTANCE).id;
    await api.close();
    for (const status of await lab.runtime.list({ 'lab.instance': instance })) await lab.runtime.destroy(status.id);
  });

  it('refuses the 9th open stream of a user with a 429 problem, events and logs counted together', async () => {
    const alice = await student('alice');
    const sandbox = await launchReady(alice.token);
    const streams = [];
    for (let i = 0; i < 7; i += 1) streams.push(await open(`sandboxes/${sandbox.id}/events`, alice.token));
    streams.push(await open(`sandboxes/${sandbox.id}/logs?follow=true`, alice.token));
    expect(streams.map((stream) => stream.status)).toEqual(Array(8).fill(200));

    const ninth = await client.call('GET', `sandboxes/${sandbox.id}/events`, { token: alice.token });
    expect(ninth.status).toBe(429);
    expect(ninth.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await ninth.json()).toMatchObject({ status: 429, type: 'urn:backend-lab:problem:too-many-streams' });

    // Revoking alice's token ends all eight within a second.
    expect((await client.call('DELETE', `tokens/${alice.id}`, { token: ADMIN_TOKEN })).status).toBe(204);
    expect(await allEndWithin(streams, END_WITHIN_MS)).toBe('ended');
    const registry = api.app.get(SandboxStreams);
    await waitFor(() => registry.openCount() === 0, 5_000);
    expect(registry.openCount()).toBe(0);
  });

  it('ends a stream within a second when its token is revoked elsewhere (another API process, seen in the database)', async () => {
    const carol = await student('carol');
    const sandbox = await launchReady(carol.token);
    const stream = await open(`sandboxes/${sandbox.id}/events`, carol.token);
    expect(stream.status).toBe(200);
    // What another process's revocation leaves behind: only the row, no event in this process.
    await api.app
      .get(DataSource)
      .createQueryBuilder()
      .update('access_tokens')
      .set({ revokedAt: new Date().toISOString() })
      .where('id = :id', { id: carol.id })
      .execute();
    expect(await allEndWithin([stream], END_WITHIN_MS)).toBe('ended');
  });

  it('ends the streams of a sandbox within a second when it is deleted', async () => {
    const dave = await student('dave');
    const sandbox = await launchReady(dave.token);
    const streams = [
      await open(`sandboxes/${sandbox.id}/events`, dave.token),
      await open(`sandboxes/${sandbox.id}/logs?follow=true`, dave.token),
    ];
    expect(streams.map((stream) => stream.status)).toEqual([200, 200]);
    expect((await client.call('DELETE', `sandboxes/${sandbox.id}`, { token: dave.token })).status).toBe(202);
    expect(await allEndWithin(streams, END_WITHIN_MS)).toBe('ended');
    await client.waitForSandbox(dave.token, sandbox.id, (s) => s.state === 'deleted');
  });
});
