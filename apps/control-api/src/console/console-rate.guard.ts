import { LabConfig } from '@lab/config';
import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { getStorageToken, ThrottlerStorage } from '@nestjs/throttler';
import { ProblemException, problemType } from '@lab/http-problems';
import type { AuthenticatedRequest } from '../access/access.guard';
import { LAB_CONFIG } from '../config.provider';

const WINDOW_MS = 60_000;

/**
 * Console statements and lab checks cost the sandbox's database, so they have their own budget per
 * user (LAB_CONSOLE_PER_MINUTE, counted together), on top of the API's general rate limit. Runs
 * after the AccessGuard: every caller here is signed in.
 */
@Injectable()
export class ConsoleRateGuard implements CanActivate {
  constructor(
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    const limit = this.config.console.perMinute;
    const key = `console:${principal?.userId ?? 'anonymous'}`;
    const record = await this.storage.increment(key, WINDOW_MS, limit, WINDOW_MS, 'console');
    if (!record.isBlocked) return true;
    const retryAfter = Math.max(1, record.timeToBlockExpire);
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      `Too many console statements and lab checks: at most ${limit} per minute. Try again in ${retryAfter} s.`,
      {
        type: problemType('rate-limited'),
        title: 'Rate limit reached',
        headers: { 'Retry-After': String(retryAfter) },
      },
    );
  }
}
