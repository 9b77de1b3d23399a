import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from './access-token.verifier';
import type { AuthenticatedRequest } from './access.guard';

/**
 * The signed-in caller of a non-public route, as the AccessGuard established it. Throws if used
 * on a public route: that is a programming error, not a client's.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without a signed-in caller');
  return principal;
});
