import type { IncomingMessage, ServerResponse } from 'node:http';
import { assignRequestId, isSaneRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function exchange(incoming?: string | string[]) {
  const headers: Record<string, unknown> = {};
  const request = { headers: incoming === undefined ? {} : { 'x-request-id': incoming } } as IncomingMessage;
  const response = {
    setHeader: (name: string, value: unknown) => (headers[name] = value),
  } as unknown as ServerResponse;
  return { id: assignRequestId(request, response), headers };
}

describe('request ids', () => {
  it.each(['abc', 'req-123_x.y:z', 'a'.repeat(128), '0f8fad5b-d9cb-469f-a165-70867728950e'])('keeps %p', (id) => {
    expect(isSaneRequestId(id)).toBe(true);
    expect(exchange(id)).toEqual({ id, headers: { 'X-Request-Id': id } });
  });

  it.each(['', 'a'.repeat(129), 'two words', 'line\nbreak', '"quoted"', '<script>', 'é'])('replaces %p', (id) => {
    expect(isSaneRequestId(id)).toBe(false);
    const { id: assigned, headers } = exchange(id);
    expect(assigned).toMatch(UUID);
    expect(headers['X-Request-Id']).toBe(assigned);
  });

  it('makes one when none is sent, or several are', () => {
    expect(exchange().id).toMatch(UUID);
    expect(exchange(['a', 'b']).id).toMatch(UUID);
    expect(exchange().id).not.toBe(exchange().id);
  });
});
