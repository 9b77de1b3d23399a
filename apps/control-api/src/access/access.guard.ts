import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_METADATA, AccessLevel, roleSatisfies } from './access.decorator';
import { AuthenticationRequiredException, InsufficientRoleException } from './access.errors';
import { ACCESS_TOKEN_VERIFIER, AccessTokenVerifier, Principal } from './access-token.verifier';

/** The request after the guard let it through a non-public route. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** Global guard: enforces each route's `@Access` level. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    let level = this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_METADATA, targets);
    if (level === undefined) {
      // A test keeps this from shipping; should it happen anyway, fail closed.
      this.logger.warn(`${context.getClass().name}.${context.getHandler().name} declares no @Access: admin only`);
      level = 'admin';
    }
    if (level === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) throw new AuthenticationRequiredException('missing');
    const principal = await this.verifier.verify(token);
    if (!principal) throw new AuthenticationRequiredException('invalid');
    if (!roleSatisfies(principal.role, level)) throw new InsufficientRoleException(level, principal.role);
    request.principal = principal;
    return true;
  }
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}
