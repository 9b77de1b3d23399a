import { Roles } from '@lab/auth';
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CredentialsService } from '../users/credentials.service';
import { ChangePasswordDto, LoginDto } from '../users/user.dto';
import type { AuthRequest } from './principal.guard';
import { SessionDto } from './session.dto';
import { SessionsService } from './sessions.service';

const CSRF_DOC = { name: 'x-csrf-token', required: false, description: 'The csrfToken of GET /session' };

/**
 * The cookie flow: what a browser app on the same site uses. The cookie is HttpOnly (page scripts
 * cannot read it) and SameSite=Lax; every state-changing request also carries the CSRF token.
 */
@ApiTags('sessions')
@ApiCookieAuth()
@Controller('session')
export class SessionsController {
  constructor(
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(CredentialsService) private readonly credentials: CredentialsService,
  ) {}

  /** The current session, or a new anonymous one (with the CSRF token the login needs). */
  @Get()
  @ApiOkResponse({ type: SessionDto })
  async current(@Req() request: AuthRequest, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const session = request.authSession ?? (await this.sessions.anonymous(response));
    response.setHeader('cache-control', 'no-store');
    return { csrfToken: session.data.csrfToken, user: session.data.user ?? null };
  }

  /** Password login: a new session id (the old one is deleted) and a new CSRF token. */
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiHeader(CSRF_DOC)
  @ApiOkResponse({ type: SessionDto })
  async login(
    @Body() body: LoginDto,
    @Req() request: AuthRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionDto> {
    const user = await this.credentials.verify(body.username, body.password, request.ip ?? 'unknown');
    const session = await this.sessions.signIn(response, request.authSession, {
      username: user.username,
      roles: user.roles,
      via: 'password',
    });
    return { csrfToken: session.data.csrfToken, user: session.data.user! };
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiHeader(CSRF_DOC)
  @ApiNoContentResponse({ description: 'The session is deleted in Redis: a copied cookie is dead too' })
  async logout(@Req() request: AuthRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.sessions.signOut(request.authSession);
    this.sessions.clearCookie(response);
  }

  /**
   * The classic CSRF target: with the cookie alone, another site could submit it. Needs the
   * current password, and ends every other session and every refresh-token family of the account
   * (a thief holding either is out); the session that made the change stays signed in.
   */
  @Post('password')
  @Roles()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiHeader(CSRF_DOC)
  async changePassword(@Body() body: ChangePasswordDto, @Req() request: AuthRequest): Promise<void> {
    const username = request.user!.subject;
    const user = await this.credentials.verify(username, body.currentPassword, request.ip ?? 'unknown');
    await this.credentials.changePassword(user, body.newPassword);
    await this.sessions.passwordChanged(username, request.authSession);
  }
}
