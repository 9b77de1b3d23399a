import {
  AccessTokens,
  RefreshTokenRejected,
  RefreshTokenStore,
  familyOf,
  Roles,
  type IssuedRefreshToken,
} from '@lab/auth';
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '@lab/http-problems';
import { problemType } from '../common/problem-types';
import { AUTH_CONFIG, type AuthAppConfig } from '../config';
import type { AuthRequest } from '../sessions/principal.guard';
import { CredentialsService } from '../users/credentials.service';
import { LoginDto, RegisterDto, UserDto } from '../users/user.dto';
import { UsersRepository } from '../users/users.repository';
import { ACCESS_TOKENS, REFRESH_TOKENS } from './auth.tokens';
import { MeDto, RefreshDto, TokenPairDto } from './token.dto';

/** The token flow: what a mobile app or another service uses (no cookies, so no CSRF). */
@ApiTags('tokens')
@Controller('auth')
export class TokensController {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthAppConfig,
    @Inject(CredentialsService) private readonly credentials: CredentialsService,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(ACCESS_TOKENS) private readonly access: AccessTokens,
    @Inject(REFRESH_TOKENS) private readonly refresh: RefreshTokenStore,
  ) {}

  /** Creates an account (role `student`); the password is stored as an argon2id hash only. */
  @Post('register')
  @ApiCreatedResponse({ type: UserDto })
  async register(@Body() body: RegisterDto): Promise<UserDto> {
    const user = await this.credentials.register(body.username, body.password);
    return { username: user.username, roles: user.roles };
  }

  /** Password login → a short-lived access token and the first refresh token of a new family. */
  @Post('token')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairDto })
  async token(@Body() body: LoginDto, @Req() request: AuthRequest): Promise<TokenPairDto> {
    const user = await this.credentials.verify(body.username, body.password, request.ip ?? 'unknown');
    return this.pair(user.username, user.roles, await this.refresh.issue(user.username));
  }

  /**
   * Rotation: the presented refresh token is spent and a new one comes back. Presenting a spent
   * one again is a replay: the whole family (this login) is revoked, the thief's copy and the
   * legitimate one alike.
   */
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairDto })
  async rotate(@Body() body: RefreshDto): Promise<TokenPairDto> {
    let rotated: IssuedRefreshToken;
    try {
      rotated = await this.refresh.rotate(body.refreshToken);
    } catch (error) {
      if (!(error instanceof RefreshTokenRejected)) throw error;
      throw new ProblemException(HttpStatus.UNAUTHORIZED, refreshDetail(error.reason), {
        type: problemType('refresh-token-rejected'),
        title: 'Refresh token rejected',
        reason: error.reason,
      });
    }
    // Roles come from the database now, not from the old token: a demoted user loses them at the next refresh.
    const user = await this.users.find(rotated.subject);
    return this.pair(rotated.subject, user?.roles ?? [], rotated);
  }

  /** Logout for the token flow: every refresh token of the family stops working (access tokens just expire). */
  @Post('revoke')
  @HttpCode(HttpStatus.NO_CONTENT)
  async revoke(@Body() body: RefreshDto): Promise<void> {
    const family = familyOf(body.refreshToken);
    if (family) await this.refresh.revokeFamily(family);
  }

  /** Who the access token (or the session cookie) says you are. */
  @Get('me')
  @Roles()
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  me(@Req() request: AuthRequest): MeDto {
    const user = request.user!;
    return { subject: user.subject, roles: [...user.roles], via: user.via };
  }

  private async pair(subject: string, roles: string[], refresh: IssuedRefreshToken): Promise<TokenPairDto> {
    return {
      accessToken: await this.access.issue(subject, roles),
      tokenType: 'Bearer',
      expiresIn: this.config.jwt.accessTtlSeconds,
      refreshToken: refresh.token,
    };
  }
}

function refreshDetail(reason: string): string {
  switch (reason) {
    case 'reused':
      return 'This refresh token was already used: a replay. Its whole family is revoked now; log in again.';
    case 'revoked':
      return 'This login was revoked (logout or a detected replay); log in again.';
    case 'expired':
      return 'This refresh token expired; log in again.';
    default:
      return 'Unknown refresh token.';
  }
}
