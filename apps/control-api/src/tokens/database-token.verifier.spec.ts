import { loadLabConfig } from '@lab/config';
import { ADMIN_PRINCIPAL, AdminTokenVerifier } from '../access/admin-token.verifier';
import { ActiveTokenCache } from './active-token-cache';
import { DatabaseTokenVerifier } from './database-token.verifier';
import { TokenRevocations } from './token-revocations';
import { generateToken, hashToken } from './token-secret';
import type { AccessTokenRecord, TokensRepository } from './tokens.repository';

const ADMIN = 'admin-token-0123456789abcdef';

describe('DatabaseTokenVerifier', () => {
  const issued = generateToken();
  const record: AccessTokenRecord = {
    id: '6f1c2a9e-0000-4000-8000-000000000001',
    name: 'alice',
    role: 'student',
    tokenHash: hashToken(issued),
    createdAt: new Date(),
    revokedAt: null,
    expiresAt: null,
  };
  const expired = generateToken();
  const expiredRecord: AccessTokenRecord = {
    ...record,
    id: '6f1c2a9e-0000-4000-8000-000000000002',
    tokenHash: hashToken(expired),
    expiresAt: new Date(Date.now() - 1_000),
  };
  const findActiveByHash = jest.fn(async (hash: string) =>
    [record, expiredRecord].find((candidate) => candidate.tokenHash === hash),
  );
  const verifier = new DatabaseTokenVerifier(
    new AdminTokenVerifier({ ...loadLabConfig({}), adminToken: ADMIN }),
    { findActiveByHash } as unknown as TokensRepository,
    new ActiveTokenCache(new TokenRevocations()),
  );

  beforeEach(() => findActiveByHash.mockClear());

  it('accepts the configured admin token without a lookup', async () => {
    await expect(verifier.verify(ADMIN)).resolves.toEqual(ADMIN_PRINCIPAL);
    expect(findActiveByHash).not.toHaveBeenCalled();
  });

  it('looks an issued token up by its sha256, never by its value', async () => {
    await expect(verifier.verify(issued)).resolves.toEqual({ userId: record.id, role: 'student' });
    expect(findActiveByHash).toHaveBeenCalledWith(hashToken(issued));
  });

  it('rejects an unknown token, and skips the lookup for one of the wrong shape', async () => {
    await expect(verifier.verify(generateToken())).resolves.toBeUndefined();
    await expect(verifier.verify('not-a-lab-token')).resolves.toBeUndefined();
    expect(findActiveByHash).toHaveBeenCalledTimes(1);
  });

  it('rejects an issued token whose expiry has passed (a seat token after its workshop ended)', async () => {
    await expect(verifier.verify(expired)).resolves.toBeUndefined();
    expect(findActiveByHash).toHaveBeenCalledWith(hashToken(expired));
  });

  it('identifies a token by its hash alone, with its name and expiry (what a browser session keeps)', async () => {
    await expect(verifier.identifyHash(hashToken(issued))).resolves.toEqual({
      principal: { userId: record.id, role: 'student' },
      name: 'alice',
      tokenHash: hashToken(issued),
      expiresAt: null,
    });
    await expect(verifier.identifyHash(hashToken(expired))).resolves.toBeUndefined();
  });

  it('recognises the admin token by its hash, so a changed LAB_ADMIN_TOKEN ends admin sessions', async () => {
    await expect(verifier.identifyHash(hashToken(ADMIN))).resolves.toMatchObject({ principal: ADMIN_PRINCIPAL });
    const changed = new DatabaseTokenVerifier(
      new AdminTokenVerifier({ ...loadLabConfig({}), adminToken: 'another-admin-token-0123456789' }),
      { findActiveByHash } as unknown as TokensRepository,
      new ActiveTokenCache(new TokenRevocations()),
    );
    await expect(changed.identifyHash(hashToken(ADMIN))).resolves.toBeUndefined();
  });

  it('identifies a token by value like verify does, never an ill-shaped one', async () => {
    await expect(verifier.identify(issued)).resolves.toMatchObject({ name: 'alice', tokenHash: hashToken(issued) });
    await expect(verifier.identify(ADMIN)).resolves.toMatchObject({ name: 'admin', principal: ADMIN_PRINCIPAL });
    findActiveByHash.mockClear();
    await expect(verifier.identify('not-a-lab-token')).resolves.toBeUndefined();
    expect(findActiveByHash).not.toHaveBeenCalled();
  });
});
