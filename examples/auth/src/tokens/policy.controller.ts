import type { SessionCookieOptions } from '@lab/auth';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AUTH_CONFIG, type AuthAppConfig } from '../config';
import { SESSION_COOKIE } from '../sessions/session-cookie';
import { describePolicy } from './policy';

@ApiTags('tokens')
@Controller('auth/policy')
export class PolicyController {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthAppConfig,
    @Inject(SESSION_COOKIE) private readonly cookie: SessionCookieOptions,
  ) {}

  /** Hashing parameters, token lifetimes and claims, cookie flags, the login limit, the OAuth client. */
  @Get()
  @ApiOkResponse({ description: 'The security policy of this app (no secrets)' })
  policy(): ReturnType<typeof describePolicy> {
    return describePolicy(this.config, this.cookie);
  }
}
