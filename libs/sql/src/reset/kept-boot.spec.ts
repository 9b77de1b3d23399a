import { isLoginTheAdminMends, keptForStudent } from './kept-boot';

describe('isLoginTheAdminMends', () => {
  it.each(['28P01', '28000', '3D000'])('is true for SQLSTATE %s, also wrapped in causes', (code) => {
    expect(isLoginTheAdminMends({ code })).toBe(true);
    expect(isLoginTheAdminMends(new Error('wrapped', { cause: { code } }))).toBe(true);
  });

  it('is false for a server not up yet and for anything else', () => {
    for (const code of ['ECONNREFUSED', '57P03', '42P01', undefined])
      expect(isLoginTheAdminMends({ code })).toBe(false);
    expect(isLoginTheAdminMends(undefined)).toBe(false);
    expect(isLoginTheAdminMends('28P01')).toBe(false);
  });
});

describe('keptForStudent', () => {
  it('asks for the seed template of the working database', async () => {
    const query = jest.fn().mockResolvedValue([{ '?column?': 1 }]);
    expect(await keptForStudent(query, 'bookstore')).toBe(true);
    expect(query).toHaveBeenCalledWith(expect.stringContaining('pg_database'), ['bookstore_seed']);
  });

  it('is false without the template, or when the login is one the admin mends', async () => {
    expect(await keptForStudent(jest.fn().mockResolvedValue([]), 'shop')).toBe(false);
    expect(await keptForStudent(jest.fn().mockRejectedValue({ code: '28P01' }), 'shop')).toBe(false);
  });

  it('throws anything else, so a boot tries again while its store is not up', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(keptForStudent(jest.fn().mockRejectedValue(refused), 'shop')).rejects.toBe(refused);
  });
});
