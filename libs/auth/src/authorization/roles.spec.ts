import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Roles, RolesGuard, effectiveRoles, hasAnyRole } from './roles';

const hierarchy = { admin: ['editor'], editor: ['viewer'], viewer: [] };

class ArticlesController {
  @Roles('editor')
  edit() {}
  read() {}
}

function contextFor(handler: () => void, user?: { subject: string; roles: string[] }): ExecutionContext {
  return {
    getHandler: () => handler,
    getClass: () => ArticlesController,
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  } as unknown as ExecutionContext;
}

describe('roles', () => {
  it('expands inherited roles, tolerating cycles', () => {
    expect([...effectiveRoles(['admin'], hierarchy)].sort()).toEqual(['admin', 'editor', 'viewer']);
    expect([...effectiveRoles(['a'], { a: ['b'], b: ['a'] })].sort()).toEqual(['a', 'b']);
  });

  it('grants when any required role is held directly or by inheritance', () => {
    expect(hasAnyRole({ subject: 'u', roles: ['admin'] }, ['viewer'], hierarchy)).toBe(true);
    expect(hasAnyRole({ subject: 'u', roles: ['viewer'] }, ['editor', 'admin'], hierarchy)).toBe(false);
    expect(hasAnyRole({ subject: 'u', roles: [] }, [])).toBe(true);
  });

  it('guards @Roles handlers: 401 without a principal, 403 without the role, pass with it', () => {
    const guard = new RolesGuard(new Reflector(), hierarchy);
    const edit = ArticlesController.prototype.edit;
    expect(() => guard.canActivate(contextFor(edit))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(contextFor(edit, { subject: 'v', roles: ['viewer'] }))).toThrow(ForbiddenException);
    expect(guard.canActivate(contextFor(edit, { subject: 'a', roles: ['admin'] }))).toBe(true);
    expect(guard.canActivate(contextFor(ArticlesController.prototype.read))).toBe(true);
  });
});
