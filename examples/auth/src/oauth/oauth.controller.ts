import { createCsrfToken, OidcClient } from '@lab/auth';
import { Controller, Get, HttpStatus, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProblemException } from '@lab/http-problems';
import { problemType } from '../common/problem-types';
import { AUTH_CONFIG, type AuthAppConfig } from '../config';
import type { AuthRequest } from '../sessions/principal.guard';
import { SessionsService } from '../sessions/sessions.service';
import { OIDC_CLIENT } from '../tokens/auth.tokens';

export class OidcLoginDto {
  @ApiProperty({ example: 'ada', description: 'Subject at the provider (verified ID token)' })
  subject!: string;

  @ApiProperty({ example: 'oidc:ada', description: 'The local name of the federated user' })
  username!: string;

  @ApiProperty({ description: 'Validated ID-token claims: iss, aud, sub, nonce, name, email, …' })
  claims!: Record<string, unknown>;

  @ApiProperty()
  csrfToken!: string;
}

/**
 * OAuth 2.0 authorization code flow with PKCE (+ OpenID Connect) against the sandbox's own
 * provider service. The app is a confidential client: it keeps the code_verifier, state and nonce
 * in the server-side session between the redirect and the callback.
 */
@ApiTags('oauth')
@Controller('oauth')
export class OAuthController {
  private readonly logger = new Logger(OAuthController.name);

  constructor(
    @Inject(OIDC_CLIENT) private readonly oidc: OidcClient,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(AUTH_CONFIG) private readonly config: AuthAppConfig,
  ) {}

  /** Redirects to the provider's authorization endpoint with an S256 code_challenge, state and nonce. */
  @Get('login')
  @ApiFoundResponse({ description: "Location: the provider's /auth endpoint" })
  async login(@Req() request: AuthRequest, @Res() response: Response): Promise<void> {
    let started: Awaited<ReturnType<OidcClient['beginLogin']>>;
    try {
      started = await this.oidc.beginLogin();
    } catch (error) {
      this.logger.warn(`provider discovery failed: ${(error as Error).message}`);
      throw new ProblemException(HttpStatus.BAD_GATEWAY, 'The OpenID provider does not answer.', {
        type: problemType('provider-unreachable'),
        title: 'Provider unreachable',
      });
    }
    // Starting a login ends whatever the session was; the secrets wait in it (never in the browser).
    await this.sessions.restart(response, request.authSession, {
      csrfToken: createCsrfToken(),
      pendingOidc: started.pending,
    });
    response.redirect(HttpStatus.FOUND, started.url);
  }

  /**
   * The provider sends the browser back here with `code` and `state`. The app exchanges the code
   * (with the code_verifier only it knows) for tokens and validates the ID token before trusting it.
   */
  @Get('callback')
  @ApiOkResponse({ type: OidcLoginDto })
  async callback(
    @Req() request: AuthRequest,
    @Res({ passthrough: true }) response: Response,
    @Query() query: Record<string, unknown>,
  ): Promise<OidcLoginDto> {
    const session = request.authSession;
    const pending = session?.data.pendingOidc;
    if (!session || !pending) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'No OAuth login is in progress in this session.', {
        type: problemType('no-login-in-progress'),
        title: 'No login in progress',
      });
    }
    const search = new URLSearchParams(
      Object.entries(query).flatMap(([key, value]): [string, string][] =>
        typeof value === 'string' ? [[key, value]] : [],
      ),
    );
    let login;
    try {
      login = await this.oidc.completeLogin(`${this.config.oidc.redirectUri}?${search}`, pending);
    } catch (error) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, `The OAuth login failed: ${(error as Error).message}`, {
        type: problemType('oauth-login-failed'),
        title: 'OAuth login failed',
      });
    }
    // A namespace of its own: a provider account named "admin" must never become the local admin.
    const username = `oidc:${login.subject}`;
    const next = await this.sessions.signIn(response, session, { username, roles: ['student'], via: 'oidc' });
    return { subject: login.subject, username, claims: login.claims, csrfToken: next.data.csrfToken };
  }
}
