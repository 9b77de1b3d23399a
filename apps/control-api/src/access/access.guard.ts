import { LabConfig } from '@lab/config';
import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest as Request } from 'fastify';
import { LAB_CONFIG } from '../config.provider';
import { SESSION_COOKIE } from '../session/session-cookie';
import { ACCESS_METADATA, AccessLevel, roleSatisfies } from './access.decorator';
import { AuthenticationRequiredException, ForeignOriginException, InsufficientRoleException } from './access.errors';
import { Principal } from './access-token.verifier';
import { Credential, CREDENTIAL_VERIFIER, credentialOf, CredentialVerifier, verifyOnce } from './credential';
import { originVerdict } from './origin-rule';

export { bearerToken } from './credential';

/** The request after the guard let it through a non-public route. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
  /** What the principal was established from (server-sent event streams check it again). */
  credential?: Credential;
}

/**
 * Global guard: enforces each route's `@Access` level, for a bearer token or a browser session's
 * cookie; a change (POST, PUT, PATCH, DELETE) made with the cookie must come with this API's
 * Origin (origin-rule.ts). Bearer requests need no Origin: a page cannot make a browser send a
 * token it does not have.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    @Inject(CREDENTIAL_VERIFIER) private readonly verifier: CredentialVerifier,
    @Inject(LAB_CONFIG) private readonly config: Pick<LabConfig, 'publicOrigin'>,
  ) {}

  /** Each handler's level, read once: decorators do not change while the app runs. */
  private readonly levels = new WeakMap<object, AccessLevel>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const level = this.levelOf(context);
    if (level === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credential = credentialOf(request);
    if (credential === undefined) {
      // A cookie of the wrong shape is a session that ended (e.g. from an older version).
      throw new AuthenticationRequiredException(
        request.cookies?.[SESSION_COOKIE] === undefined ? 'missing' : 'session',
      );
    }
    if (credential.scheme === 'session') this.assertOwnOrigin(request);
    const principal = await verifyOnce(request, credential, this.verifier);
    if (!principal) throw new AuthenticationRequiredException(credential.scheme === 'bearer' ? 'invalid' : 'session');
    if (!roleSatisfies(principal.role, level)) throw new InsufficientRoleException(level, principal.role);
    request.principal = principal;
    request.credential = credential;
    return true;
  }

  private levelOf(context: ExecutionContext): AccessLevel {
    const handler = context.getHandler();
    let level = this.levels.get(handler);
    if (level !== undefined) return level;
    level = this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_METADATA, [handler, context.getClass()]);
    if (level === undefined) {
      // A test keeps this from shipping; should it happen anyway, fail closed.
      this.logger.warn(`${context.getClass().name}.${handler.name} declares no @Access: admin only`);
      level = 'admin';
    }
    this.levels.set(handler, level);
    return level;
  }

  private assertOwnOrigin(request: Request): void {
    const verdict = originVerdict(request, this.config.publicOrigin);
    if (!verdict.allowed) throw new ForeignOriginException(verdict.detail);
  }
}
