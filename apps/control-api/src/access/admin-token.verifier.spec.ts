import { loadLabConfig } from '@lab/config';
import { ADMIN_PRINCIPAL, AdminTokenVerifier } from './admin-token.verifier';

const TOKEN = 'correct-horse-battery-staple';

describe('AdminTokenVerifier', () => {
  const verifier = new AdminTokenVerifier({ ...loadLabConfig({}), adminToken: TOKEN });

  it('knows the configured admin token', async () => {
    await expect(verifier.verify(TOKEN)).resolves.toEqual(ADMIN_PRINCIPAL);
    expect(ADMIN_PRINCIPAL.role).toBe('admin');
  });

  it.each(['', 'wrong', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase()])('rejects %p', async (token) => {
    await expect(verifier.verify(token)).resolves.toBeUndefined();
  });

  it('accepts nothing when no admin token is configured', async () => {
    const none = new AdminTokenVerifier(loadLabConfig({}));
    await expect(none.verify('')).resolves.toBeUndefined();
    await expect(none.verify('anything-at-all-long-enough')).resolves.toBeUndefined();
  });
});
