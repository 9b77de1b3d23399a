import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { problemResponse } from '@lab/http-problems';

/** Roles of a signed-in user, weakest first: each one includes the rights of those before it. */
export const ROLES = ['student', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type AccessLevel = 'public' | Role;

export const ACCESS_METADATA = 'backend-lab:access';

/** The OpenAPI security scheme names (`DocumentBuilder.addBearerAuth` / `addCookieAuth`). */
export const BEARER_SCHEME = 'bearer';
export const SESSION_SCHEME = 'session';

/**
 * Who may call a route. Every route declares it (on the handler or its controller); a test fails
 * when one does not, and the guard treats an undeclared route as admin-only.
 */
export function Access(level: AccessLevel): MethodDecorator & ClassDecorator {
  if (level === 'public') return SetMetadata(ACCESS_METADATA, level);
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, level),
    // Either one: two security requirements are alternatives in OpenAPI.
    ApiBearerAuth(BEARER_SCHEME),
    ApiCookieAuth(SESSION_SCHEME),
    ApiUnauthorizedResponse(problemResponse('No valid bearer token or browser session')),
    ApiForbiddenResponse(
      problemResponse(
        `Needs the ${level} role or above; a change made with the session cookie needs this API's Origin`,
      ),
    ),
  );
}

/** True when `role` includes the rights of `required` (admin ⊇ leader ⊇ student). */
export function roleSatisfies(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
