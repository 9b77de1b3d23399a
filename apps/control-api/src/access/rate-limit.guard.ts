import { ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
  getOptionsToken,
  getStorageToken,
} from '@nestjs/throttler';
import type { FastifyRequest as Request } from 'fastify';
import { ProblemException, problemType } from '@lab/http-problems';
import { CREDENTIAL_VERIFIER, credentialOf, CredentialVerifier, verifyOnce } from './credential';

/**
 * Requests per minute, counted per user: on a classroom machine every student comes from the same
 * address, so addresses only count callers without a valid token or session (which also slows
 * guessing).
 * Runs before the AccessGuard, so refused sign-ins are counted too.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(CREDENTIAL_VERIFIER) private readonly verifier: CredentialVerifier,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(request: Request): Promise<string> {
    const credential = credentialOf(request);
    const principal = credential === undefined ? undefined : await verifyOnce(request, credential, this.verifier);
    return principal ? `user:${principal.userId}` : `address:${request.ip ?? 'unknown'}`;
  }

  /**
   * The package hashes this (sha256) at every request; the key only names an in-memory counter
   * (hit-window-storage.ts), so the plain text does as well and costs nothing.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, throttler: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${throttler}-${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      `Too many requests: at most ${detail.limit} per ${Math.round(detail.ttl / 1_000)} s. Try again in ${retryAfter} s.`,
      {
        type: problemType('rate-limited'),
        title: 'Rate limit reached',
        headers: { 'Retry-After': String(retryAfter) },
      },
    );
  }
}
