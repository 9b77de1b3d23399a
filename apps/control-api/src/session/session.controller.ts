import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { problemResponse } from '@lab/http-problems';
import { Access } from '../access/access.decorator';
import { AuthenticationRequiredException } from '../access/access.errors';
import type { Credential } from '../access/credential';
import { CurrentCredential } from '../access/principal.decorator';
import { Credentials } from './credentials';
import { SessionDto, SignInDto } from './session.dto';
import { SESSION_COOKIE } from './session-cookie';
import { SessionCookies } from './session-cookies';

/**
 * Browser sign-in: the token is exchanged for an HttpOnly session cookie, so page scripts never
 * hold it (README: "Signing in from a browser").
 */
@ApiTags('session')
@Controller('session')
export class SessionController {
  constructor(
    private readonly cookies: SessionCookies,
    private readonly credentials: Credentials,
  ) {}

  @Post()
  @Access('public')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: SessionDto,
    description: 'Signed in: the `lab_session` cookie (HttpOnly, SameSite=Strict; Secure over https) is set',
  })
  @ApiUnauthorizedResponse(problemResponse('The token is unknown, expired or revoked'))
  async signIn(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Body() body: SignInDto,
  ): Promise<SessionDto> {
    this.cookies.refuseForeignOrigin(request);
    const session = await this.cookies.open(request, response, body.token);
    if (!session) throw new AuthenticationRequiredException('invalid-sign-in');
    const { principal, name } = session.identity;
    return { ...principal, name, via: 'cookie', expiresAt: session.expiresAt.toISOString() };
  }

  /** Who you are: by the session cookie, or by the bearer token. */
  @Get()
  @Access('student')
  @ApiOkResponse({ type: SessionDto })
  async whoAmI(@CurrentCredential() credential: Credential): Promise<SessionDto> {
    const identity = await this.credentials.identify(credential);
    // The guard has just verified it; it can only have ended in between.
    if (!identity) throw new AuthenticationRequiredException(credential.scheme === 'bearer' ? 'invalid' : 'session');
    return {
      ...identity.principal,
      name: identity.name,
      via: credential.scheme === 'bearer' ? 'bearer' : 'cookie',
      expiresAt: identity.expiresAt?.toISOString() ?? null,
    };
  }

  /**
   * Signs out: the session ends on the server and the cookie is cleared. Idempotent. With a cookie,
   * the Origin rule applies (a foreign page may not sign a visitor out).
   */
  @Delete()
  @Access('public')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Signed out (also when no session was open)' })
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (request.cookies?.[SESSION_COOKIE] !== undefined) this.cookies.assertOwnOrigin(request);
    await this.cookies.close(request, response);
  }
}
