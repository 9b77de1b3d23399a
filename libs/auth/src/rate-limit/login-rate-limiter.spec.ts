import { decide } from './login-rate-limiter';

describe('login rate limit decision', () => {
  it('allows up to maxAttempts and counts down the remainder', () => {
    expect(decide(1, 60_000, 3)).toEqual({ allowed: true, remaining: 2 });
    expect(decide(3, 60_000, 3)).toEqual({ allowed: true, remaining: 0 });
  });

  it('refuses past the limit with a whole-second retry-after, rounded up and at least 1', () => {
    expect(decide(4, 59_001, 3)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 60 });
    expect(decide(9, 10, 3)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
  });
});
