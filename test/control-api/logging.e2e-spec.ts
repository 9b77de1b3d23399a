import { Controller, Get, Logger } from '@nestjs/common';
import { Access } from '../../apps/control-api/src/access/access.decorator';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

@Controller('chatty')
class ChattyController {
  private readonly logger = new Logger(ChattyController.name);

  @Get()
  @Access('admin')
  talk(): { ok: true } {
    this.logger.log('handling a chatty request');
    return { ok: true };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('control API: logs and request ids', () => {
  let api: ControlApi;

  beforeAll(async () => {
    api = await startControlApi({ controllers: [ChattyController], config: { logRequestContext: true } });
  });
  afterAll(() => api.close());

  it('echoes a sane incoming X-Request-Id', async () => {
    const response = await fetch(`${api.base}/health`, { headers: { 'x-request-id': 'ci-run-42.step:3' } });
    expect(response.headers.get('x-request-id')).toBe('ci-run-42.step:3');
  });

  it('replaces an unusable X-Request-Id, and makes one when none is sent', async () => {
    const forged = await fetch(`${api.base}/health`, { headers: { 'x-request-id': 'x"}, {"level":60' } });
    expect(forged.headers.get('x-request-id')).toMatch(UUID);
    const fresh = await fetch(`${api.base}/nowhere`);
    expect(fresh.headers.get('x-request-id')).toMatch(UUID);
  });

  it('writes JSON lines that carry the request id, also from Nest loggers inside the request', async () => {
    const response = await fetch(`${api.base}/api/chatty`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'chatty-1' },
    });
    expect(response.status).toBe(200);
    const lines = api.logs.entries().filter((entry) => (entry.req as { id?: string } | undefined)?.id === 'chatty-1');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ context: 'ChattyController', msg: 'handling a chatty request', level: 30 }),
        expect.objectContaining({ msg: 'request completed', res: expect.objectContaining({ statusCode: 200 }) }),
      ]),
    );
  });

  it('never writes the Authorization or Cookie header values', async () => {
    await fetch(`${api.base}/api/chatty`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await fetch(`${api.base}/api/chatty`, { headers: { authorization: 'Bearer wrong-token-value-1234' } });
    await fetch(`${api.base}/api/nowhere`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await fetch(`${api.base}/health`, { headers: { cookie: 'session=cookie-secret-5678' } });

    const text = api.logs.text();
    expect(text).not.toContain(ADMIN_TOKEN);
    expect(text).not.toContain('wrong-token-value-1234');
    expect(text).not.toContain('cookie-secret-5678');
    const completed = api.logs.entries().filter((entry) => entry.msg === 'request completed');
    expect(completed.length).toBeGreaterThanOrEqual(4);
    expect(text).toContain('"authorization":"[redacted]"');
    expect(text).toContain('"cookie":"[redacted]"');
  });
});

describe('control API: logs without LAB_LOG_REQUEST_CONTEXT (the default)', () => {
  let api: ControlApi;

  beforeAll(async () => {
    api = await startControlApi({ controllers: [ChattyController] });
  });
  afterAll(() => api.close());

  it('still logs each request with its id; a Nest line inside it is written without one', async () => {
    const response = await fetch(`${api.base}/api/chatty`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'chatty-2' },
    });
    expect(response.status).toBe(200);
    const ofRequest = api.logs
      .entries()
      .filter((entry) => (entry.req as { id?: string } | undefined)?.id === 'chatty-2');
    expect(ofRequest.map((entry) => entry.msg)).toEqual(['request completed']);
    const chatty = api.logs.entries().filter((entry) => entry.msg === 'handling a chatty request');
    expect(chatty).toEqual([expect.objectContaining({ context: 'ChattyController', level: 30 })]);
    expect(chatty[0]).not.toHaveProperty('req');
  });
});
