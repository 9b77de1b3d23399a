import { randomBytes } from 'node:crypto';
import type { DemoAppConfig } from './demo-app';
import { startTsChild, type RunningChild } from './child-process';
import type { RedisSandbox } from './redis-sandbox';

export const JWT_ISSUER = 'http://auth.lab.test';
export const JWT_AUDIENCE = 'lab-api';

export interface DemoApp {
  url: string;
  config: DemoAppConfig;
  stop: () => Promise<void>;
}

/** Starts test/auth/support/demo-app.ts as a child process against the sandbox's Redis. */
export async function startDemoApp(
  sandbox: RedisSandbox,
  overrides: Partial<Omit<DemoAppConfig, 'redis'>> = {},
): Promise<DemoApp> {
  const config: DemoAppConfig = {
    port: 0,
    redis: sandbox.connection,
    prefix: `demo-${randomBytes(3).toString('hex')}`,
    jwt: { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, secret: randomBytes(32).toString('base64url'), ttlSeconds: 300 },
    rateLimit: { maxAttempts: 5, windowSeconds: 600 },
    ...overrides,
  };
  const child: RunningChild<{ port: number }> = await startTsChild('test/auth/support/demo-app.ts', [
    JSON.stringify(config),
  ]);
  return { url: `http://127.0.0.1:${child.ready.port}`, config, stop: child.stop };
}
