import { loadLabConfig } from '@lab/config';
import { Logger } from '@nestjs/common';
import { TokenRevocations } from '../tokens/token-revocations';
import type { DatabaseTokenVerifier, TokenIdentity } from '../tokens/database-token.verifier';
import { hashToken } from '../tokens/token-secret';
import { BrowserSessions } from './browser-sessions.service';
import type { BrowserSessionRecord, BrowserSessionsRepository } from './browser-sessions.repository';

const HOUR = 3_600_000;

/** An in-memory stand-in for the sessions table, and a verifier that knows one token. */
function setUp(tokenExpiresAt: Date | null) {
  const rows = new Map<string, BrowserSessionRecord>();
  const repository = {
    insert: async (record: BrowserSessionRecord) => void rows.set(record.secretHash, record),
    findBySecretHash: async (hash: string) => rows.get(hash),
    delete: async (hash: string) => void rows.delete(hash),
    deleteOfUser: async (userId: string) => {
      for (const [hash, row] of rows) if (row.userId === userId) rows.delete(hash);
    },
    deleteExpired: async () => undefined,
  } as unknown as BrowserSessionsRepository;
  const identity: TokenIdentity = {
    principal: { userId: 'token-1', role: 'student' },
    name: 'ada',
    tokenHash: hashToken('the-token'),
    expiresAt: tokenExpiresAt,
  };
  let usable = true;
  const tokens = {
    identify: async (token: string) => (token === 'the-token' && usable ? identity : undefined),
    identifyHash: async (hash: string) => (hash === identity.tokenHash && usable ? identity : undefined),
  } as unknown as DatabaseTokenVerifier;
  const revocations = new TokenRevocations();
  const sessions = new BrowserSessions(
    { ...loadLabConfig({}), sessionLifetimeMs: 12 * HOUR },
    tokens,
    repository,
    revocations,
  );
  return { rows, sessions, revocations, revoke: () => (usable = false) };
}

describe('BrowserSessions', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('keeps only hashes: of the session secret and of the token', async () => {
    const { rows, sessions } = setUp(null);
    const session = await sessions.signIn('the-token');
    const row = [...rows.values()][0];
    expect(row).toMatchObject({ secretHash: hashToken(session!.secret), tokenHash: hashToken('the-token') });
    expect(JSON.stringify(row)).not.toContain('the-token');
    expect(session!.secret).not.toContain('the-token');
  });

  it('refuses a token that is not usable, and stores nothing', async () => {
    const { rows, sessions } = setUp(null);
    await expect(sessions.signIn('another-token')).resolves.toBeUndefined();
    expect(rows.size).toBe(0);
  });

  it('lasts LAB_SESSION_HOURS, or less when the token expires sooner', async () => {
    const long = await setUp(null).sessions.signIn('the-token');
    expect(long!.expiresAt.getTime() - Date.now()).toBeGreaterThan(11 * HOUR);
    const soon = new Date(Date.now() + HOUR);
    const short = await setUp(soon).sessions.signIn('the-token');
    expect(short!.expiresAt).toEqual(soon);
  });

  it('identifies a session while both it and its token are valid', async () => {
    const { sessions, revoke } = setUp(null);
    const session = await sessions.signIn('the-token');
    await expect(sessions.identify(session!.secret)).resolves.toMatchObject({ identity: { name: 'ada' } });
    revoke();
    await expect(sessions.identify(session!.secret)).resolves.toBeUndefined();
  });

  it('ends a session past its own expiry', async () => {
    const { rows, sessions } = setUp(null);
    const session = await sessions.signIn('the-token');
    const row = rows.get(hashToken(session!.secret))!;
    rows.set(row.secretHash, { ...row, expiresAt: new Date(Date.now() - 1) });
    await expect(sessions.identify(session!.secret)).resolves.toBeUndefined();
  });

  it('signs out for good, and deletes the sessions of a token announced as revoked', async () => {
    const { rows, sessions, revocations } = setUp(null);
    const first = await sessions.signIn('the-token');
    await sessions.signIn('the-token');
    await sessions.signOut(first!.secret);
    await expect(sessions.identify(first!.secret)).resolves.toBeUndefined();
    expect(rows.size).toBe(1);
    revocations.announce('token-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(rows.size).toBe(0);
    sessions.onModuleDestroy();
  });
});
