import { ForbiddenException, Inject, Injectable, Optional, SetMetadata, UnauthorizedException } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/** What authentication leaves on the request for authorization to read. */
export interface Principal {
  subject: string;
  roles: readonly string[];
}

/**
 * Role inheritance: each role lists the roles it includes. `{ admin: ['editor'], editor: ['viewer'] }`
 * makes an admin an editor and a viewer too. Cycles are harmless (visited roles are skipped).
 */
export type RoleHierarchy = Readonly<Record<string, readonly string[]>>;

export function effectiveRoles(roles: readonly string[], hierarchy: RoleHierarchy = {}): Set<string> {
  const result = new Set<string>();
  const pending = [...roles];
  while (pending.length > 0) {
    const role = pending.pop()!;
    if (result.has(role)) continue;
    result.add(role);
    pending.push(...(hierarchy[role] ?? []));
  }
  return result;
}

/** True when the principal holds at least one of the required roles (none required: anyone signed in). */
export function hasAnyRole(principal: Principal, required: readonly string[], hierarchy?: RoleHierarchy): boolean {
  if (required.length === 0) return true;
  const held = effectiveRoles(principal.roles, hierarchy);
  return required.some((role) => held.has(role));
}

export const ROLES_KEY = 'lab:auth:roles';

/** Injection token for the RoleHierarchy a RolesGuard applies (optional: flat roles without it). */
export const ROLE_HIERARCHY = Symbol('ROLE_HIERARCHY');

/** `@Roles('admin')` on a handler or controller: the RolesGuard lets only those roles through. */
export const Roles = (...roles: string[]) => SetMetadata(ROLES_KEY, roles);

/**
 * Nest guard for `@Roles`. It expects authentication to have put a Principal on `request.user`:
 * no principal is 401 (who are you?), a principal without the role is 403 (we know, and no).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(ROLE_HIERARCHY) private readonly hierarchy: RoleHierarchy = {},
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    const user = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    if (!user) throw new UnauthorizedException();
    if (!hasAnyRole(user, required, this.hierarchy))
      throw new ForbiddenException(`requires role: ${required.join(' or ')}`);
    return true;
  }
}
