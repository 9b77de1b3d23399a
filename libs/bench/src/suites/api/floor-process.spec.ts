import { FLOOR_KINDS, startFloorServer } from './floor-process';

// Real processes (through tsx, as the bench runs them): a floor must answer what the API answered,
// on both routes the bench measures, and only to a request with a bearer token.
describe.each(FLOOR_KINDS)('the %s floor server', (kind) => {
  const answer = JSON.stringify([{ id: 'sb-0123456789abcdef', example: 'caching', state: 'ready' }]);
  let floor: Awaited<ReturnType<typeof startFloorServer>>;

  beforeAll(async () => {
    floor = await startFloorServer(kind, answer);
  }, 60_000);
  afterAll(() => floor?.stop());

  it.each(['/api/sandboxes', '/api/sandboxes/sb-0123456789abcdef'])('answers %s with the given JSON', async (path) => {
    const response = await fetch(`${floor.base}${path}`, { headers: { authorization: 'Bearer any' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe(answer);
  });

  it('refuses a request without a bearer token', async () => {
    const response = await fetch(`${floor.base}/api/sandboxes`);
    expect([401, 403]).toContain(response.status);
  });
});
