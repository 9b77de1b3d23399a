import { Controller, Get, Req } from '@nestjs/common';
import { Access } from '../../apps/control-api/src/access/access.decorator';
import type { AuthenticatedRequest } from '../../apps/control-api/src/access/access.guard';
import { ApiClient } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

// Test-only routes, one per access level, answering with the caller's principal.
@Controller('levels')
class LevelsController {
  @Get('public')
  @Access('public')
  open(@Req() request: AuthenticatedRequest) {
    return { principal: request.principal ?? null };
  }

  @Get('student')
  @Access('student')
  student(@Req() request: AuthenticatedRequest) {
    return { principal: request.principal };
  }

  @Get('leader')
  @Access('leader')
  leader(@Req() request: AuthenticatedRequest) {
    return { principal: request.principal };
  }

  @Get('admin')
  @Access('admin')
  admin(@Req() request: AuthenticatedRequest) {
    return { principal: request.principal };
  }

  // Deliberately undeclared: the guard must treat it as admin-only.
  @Get('undeclared')
  undeclared() {
    return { reached: true };
  }
}

describe('control API: access levels', () => {
  let api: ControlApi;
  // Real tokens, issued by the admin through the API and checked by the real verifier.
  let studentToken: string;
  let leaderToken: string;
  const get = (path: string, token?: string) =>
    fetch(`${api.base}/api/levels/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    api = await startControlApi({ controllers: [LevelsController] });
    const client = new ApiClient(api.base);
    studentToken = await client.issueToken(ADMIN_TOKEN, 'stu', 'student');
    leaderToken = await client.issueToken(ADMIN_TOKEN, 'lee', 'leader');
  });
  afterAll(() => api.close());

  it('lets anyone call a public route', async () => {
    const response = await get('public');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ principal: null });
  });

  it.each(['student', 'leader', 'admin', 'undeclared'])(
    '401 + WWW-Authenticate: Bearer without a token (%s)',
    async (level) => {
      const response = await get(level);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toEqual({
        type: 'urn:backend-lab:problem:authentication-required',
        title: 'Authentication required',
        status: 401,
        detail: 'This route needs a bearer token: send "Authorization: Bearer <token>".',
        instance: `/api/levels/${level}`,
      });
    },
  );

  it('401 invalid_token for a wrong token', async () => {
    const response = await get('student', 'not-a-token');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await response.json()).toMatchObject({ detail: 'The bearer token is not valid.' });
  });

  it('403 problem+json when the role is too low', async () => {
    const response = await get('leader', studentToken);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toEqual({
      type: 'urn:backend-lab:problem:insufficient-role',
      title: 'Insufficient role',
      status: 403,
      detail: 'This route needs the leader role or above; your role is student.',
      instance: '/api/levels/leader',
    });
    expect((await get('admin', leaderToken)).status).toBe(403);
  });

  it('admin ⊇ leader ⊇ student', async () => {
    expect((await get('student', leaderToken)).status).toBe(200);
    expect((await get('leader', leaderToken)).status).toBe(200);
    for (const level of ['student', 'leader', 'admin']) {
      const response = await get(level, ADMIN_TOKEN);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ principal: { userId: 'admin', role: 'admin' } });
    }
  });

  it('treats a route without @Access as admin-only', async () => {
    expect((await get('undeclared', leaderToken)).status).toBe(403);
    expect((await get('undeclared', ADMIN_TOKEN)).status).toBe(200);
  });
});
