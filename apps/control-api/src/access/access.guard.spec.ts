import { Controller, ExecutionContext, Get, Logger, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Access } from './access.decorator';
import { AuthenticationRequiredException, ForeignOriginException, InsufficientRoleException } from './access.errors';
import { AccessGuard, AuthenticatedRequest, bearerToken } from './access.guard';
import { Principal } from './access-token.verifier';
import { CredentialVerifier } from './credential';

@Controller('fake')
class FakeController {
  @Get('public')
  @Access('public')
  open(): void {}

  @Get('student')
  @Access('student')
  student(): void {}

  @Get('leader')
  @Access('leader')
  leader(): void {}

  @Get('undeclared')
  undeclared(): void {}

  @Post('change')
  @Access('student')
  change(): void {}
}

const principals: Record<string, Principal> = {
  'student-token': { userId: 's1', role: 'student' },
  'leader-token': { userId: 'l1', role: 'leader' },
  'admin-token': { userId: 'admin', role: 'admin' },
};
const SESSION = `lab_ses_${'s'.repeat(43)}`;
const ENDED_SESSION = `lab_ses_${'e'.repeat(43)}`;
const sessions: Record<string, Principal> = { [SESSION]: { userId: 's1', role: 'student' } };
const verifier: CredentialVerifier = {
  verify: async (credential) =>
    credential.scheme === 'bearer' ? principals[credential.token] : sessions[credential.secret],
};

interface RequestFacts {
  method?: string;
  origin?: string;
  cookie?: string;
}

function contextFor(handler: keyof FakeController, authorization?: string, facts: RequestFacts = {}) {
  const request = {
    method: facts.method ?? 'GET',
    protocol: 'http',
    host: '127.0.0.1:3000',
    headers: {
      ...(authorization === undefined ? {} : { authorization }),
      ...(facts.origin === undefined ? {} : { origin: facts.origin }),
    },
    cookies: facts.cookie === undefined ? {} : { lab_session: facts.cookie },
  } as unknown as AuthenticatedRequest;
  const context = {
    getHandler: () => FakeController.prototype[handler],
    getClass: () => FakeController,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AccessGuard', () => {
  const guard = new AccessGuard(new Reflector(), verifier, { publicOrigin: 'https://lab.school.lan' });

  it('lets anyone call a public route', async () => {
    await expect(guard.canActivate(contextFor('open').context)).resolves.toBe(true);
  });

  it('answers 401 with WWW-Authenticate: Bearer when no token is sent', async () => {
    const attempt = guard.canActivate(contextFor('student').context);
    await expect(attempt).rejects.toBeInstanceOf(AuthenticationRequiredException);
    await expect(attempt).rejects.toMatchObject({ status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
  });

  it('answers 401 invalid_token for a token nobody issued', async () => {
    const attempt = guard.canActivate(contextFor('student', 'Bearer forged').context);
    await expect(attempt).rejects.toBeInstanceOf(AuthenticationRequiredException);
    await expect(attempt).rejects.toMatchObject({ headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
  });

  it('answers 401 for another scheme than Bearer', async () => {
    const attempt = guard.canActivate(contextFor('student', 'Basic YWRtaW46YWRtaW4=').context);
    await expect(attempt).rejects.toMatchObject({ status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
  });

  it('answers 403 when the role is below the route', async () => {
    const attempt = guard.canActivate(contextFor('leader', 'Bearer student-token').context);
    await expect(attempt).rejects.toBeInstanceOf(InsufficientRoleException);
    await expect(attempt).rejects.toMatchObject({
      status: 403,
      message: 'This route needs the leader role or above; your role is student.',
    });
  });

  it('lets a higher role through and attaches the principal', async () => {
    const { context, request } = contextFor('student', 'bearer leader-token');
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.principal).toEqual({ userId: 'l1', role: 'leader' });
    await expect(guard.canActivate(contextFor('leader', 'Bearer admin-token').context)).resolves.toBe(true);
  });

  it('fails closed: a route without @Access is admin-only', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await expect(guard.canActivate(contextFor('undeclared', 'Bearer leader-token').context)).rejects.toBeInstanceOf(
      InsufficientRoleException,
    );
    await expect(guard.canActivate(contextFor('undeclared', 'Bearer admin-token').context)).resolves.toBe(true);
    expect(warn).toHaveBeenCalledWith('FakeController.undeclared declares no @Access: admin only');
    warn.mockRestore();
  });
});

describe('AccessGuard with the browser session cookie', () => {
  const guard = new AccessGuard(new Reflector(), verifier, { publicOrigin: 'https://lab.school.lan' });
  const change = (facts: RequestFacts, authorization?: string) =>
    guard.canActivate(contextFor('change', authorization, { method: 'POST', ...facts }).context);

  it('authenticates a GET by the cookie alone and records the credential', async () => {
    const { context, request } = contextFor('student', undefined, { cookie: SESSION });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.principal).toEqual({ userId: 's1', role: 'student' });
    expect(request.credential).toEqual({ scheme: 'session', secret: SESSION });
  });

  it('refuses a change made with the cookie and no Origin (403, says why)', async () => {
    const attempt = change({ cookie: SESSION });
    await expect(attempt).rejects.toBeInstanceOf(ForeignOriginException);
    await expect(attempt).rejects.toMatchObject({ status: 403, message: expect.stringContaining('Origin header') });
  });

  it('refuses a change made with the cookie from a foreign Origin', async () => {
    await expect(change({ cookie: SESSION, origin: 'http://127.0.0.1:8080' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('"http://127.0.0.1:8080" is not this API'),
    });
  });

  it('accepts a change with the Origin of the Host it came to, or of LAB_PUBLIC_URL', async () => {
    await expect(change({ cookie: SESSION, origin: 'http://127.0.0.1:3000' })).resolves.toBe(true);
    await expect(change({ cookie: SESSION, origin: 'https://lab.school.lan' })).resolves.toBe(true);
  });

  it('asks no Origin of a bearer request, even when a cookie comes along', async () => {
    await expect(change({}, 'Bearer student-token')).resolves.toBe(true);
    await expect(change({ cookie: SESSION }, 'Bearer student-token')).resolves.toBe(true);
  });

  it('answers 401 "session ended" for a session that is gone or a cookie of the wrong shape', async () => {
    const ended = guard.canActivate(contextFor('student', undefined, { cookie: ENDED_SESSION }).context);
    await expect(ended).rejects.toBeInstanceOf(AuthenticationRequiredException);
    await expect(ended).rejects.toMatchObject({ status: 401, message: expect.stringContaining('session has ended') });
    const garbled = guard.canActivate(contextFor('student', undefined, { cookie: 'forged' }).context);
    await expect(garbled).rejects.toMatchObject({ status: 401, message: expect.stringContaining('session has ended') });
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def-1', 'abc.def-1'],
    ['bearer   abc', 'abc'],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    ['Basic abc', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%p → %p', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
