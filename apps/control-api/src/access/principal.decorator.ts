import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from './access-token.verifier';
import type { AuthenticatedRequest } from './access.guard';
import type { Credential } from './credential';

/**
 * The signed-in caller of a non-public route, as the AccessGuard established it. Throws if used
 * on a public route: that is a programming error, not a client's.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without a signed-in caller');
  return principal;
});

/**
 * The credential the AccessGuard established the caller from (bearer token or browser session),
 * for what must check it again later (server-sent event streams). Never log it.
 */
export const CurrentCredential = createParamDecorator((_data: unknown, context: ExecutionContext): Credential => {
  const credential = context.switchToHttp().getRequest<AuthenticatedRequest>().credential;
  if (!credential) throw new Error('CurrentCredential used on a route without a signed-in caller');
  return credential;
});
