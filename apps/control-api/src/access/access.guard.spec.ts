import { Controller, ExecutionContext, Get, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Access } from './access.decorator';
import { AuthenticationRequiredException, InsufficientRoleException } from './access.errors';
import { AccessGuard, AuthenticatedRequest, bearerToken } from './access.guard';
import { AccessTokenVerifier, Principal } from './access-token.verifier';

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
}

const principals: Record<string, Principal> = {
  'student-token': { userId: 's1', role: 'student' },
  'leader-token': { userId: 'l1', role: 'leader' },
  'admin-token': { userId: 'admin', role: 'admin' },
};
const verifier: AccessTokenVerifier = { verify: async (token) => principals[token] };

function contextFor(handler: keyof FakeController, authorization?: string) {
  const request = { headers: authorization === undefined ? {} : { authorization } } as AuthenticatedRequest;
  const context = {
    getHandler: () => FakeController.prototype[handler],
    getClass: () => FakeController,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AccessGuard', () => {
  const guard = new AccessGuard(new Reflector(), verifier);

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
