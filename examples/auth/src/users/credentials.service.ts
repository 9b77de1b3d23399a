import { LoginRateLimiter, PasswordHasher } from '@lab/auth';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ProblemException } from '@lab/http-problems';
import { problemType } from '../common/problem-types';
import { LOGIN_RATE_LIMITER, PASSWORD_HASHER } from '../tokens/auth.tokens';
import { UserRecord, UsersRepository } from './users.repository';

/** Every role a self-registered account gets; `admin` exists only in the seed. */
export const DEFAULT_ROLES = ['student'];

export class InvalidCredentialsException extends ProblemException {
  constructor(remaining: number) {
    // One message for "no such user" and "wrong password": the answer must not tell which.
    super(HttpStatus.UNAUTHORIZED, `Wrong username or password (${remaining} attempts left in this window).`, {
      type: problemType('invalid-credentials'),
      title: 'Invalid credentials',
    });
  }
}

export class TooManyAttemptsException extends ProblemException {
  constructor(retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, `Too many failed logins: try again in ${retryAfterSeconds} s.`, {
      type: problemType('too-many-attempts'),
      title: 'Too many login attempts',
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/** Registration and password checks, shared by the token flow and the cookie flow. */
@Injectable()
export class CredentialsService {
  constructor(
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(LOGIN_RATE_LIMITER) private readonly limiter: LoginRateLimiter,
  ) {}

  async register(username: string, password: string): Promise<UserRecord> {
    const created = await this.users.create(username, await this.hasher.hash(password), DEFAULT_ROLES);
    if (!created) {
      throw new ProblemException(HttpStatus.CONFLICT, `The username "${username}" is taken.`, {
        type: problemType('username-taken'),
        title: 'Username taken',
      });
    }
    return created;
  }

  /**
   * The password check behind the rate limit (per account and client address). A missing user
   * still costs one hash, so response time does not reveal which usernames exist; a hash made
   * with an older policy is upgraded now, the only moment the plain password is at hand.
   */
  async verify(username: string, password: string, ip: string): Promise<UserRecord> {
    const decision = await this.limiter.hit(username, ip);
    if (!decision.allowed) throw new TooManyAttemptsException(decision.retryAfterSeconds);
    const user = await this.users.find(username);
    const ok = user ? await this.hasher.verify(user.passwordHash, password) : (await this.hasher.hash(password), false);
    if (!user || !ok) throw new InvalidCredentialsException(decision.remaining);
    await this.limiter.reset(username, ip);
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.users.updateHash(user.id, await this.hasher.hash(password));
    }
    return user;
  }

  async changePassword(user: UserRecord, newPassword: string): Promise<void> {
    await this.users.updateHash(user.id, await this.hasher.hash(newPassword));
  }
}
