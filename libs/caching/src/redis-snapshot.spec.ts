import { checksumSeed, checksumSnapshot, seedSnapshot, type RedisSeed } from './redis-snapshot';

const seed: RedisSeed = [
  { type: 'string', key: 'greeting', value: 'hello' },
  { type: 'string', key: 'session:1', value: 'ada', ttlMs: 60_000 },
  { type: 'hash', key: 'book:1', fields: { title: 'SQL Antipatterns', year: '2010' } },
  { type: 'list', key: 'queue', items: ['b', 'a', 'c'] },
  { type: 'set', key: 'tags', members: ['sql', 'nosql', 'cache'] },
  {
    type: 'zset',
    key: 'top',
    members: [
      { member: 'x', score: 1.5 },
      { member: 'y', score: -Infinity },
    ],
  },
];

describe('seedSnapshot', () => {
  it('sorts what Redis does not order, keeps list order, and notes TTL presence only', () => {
    const byKey = Object.fromEntries(seedSnapshot(seed).map((e) => [e.key, e]));
    expect(byKey['book:1']!.value).toEqual([
      ['title', 'SQL Antipatterns'],
      ['year', '2010'],
    ]);
    expect(byKey['tags']!.value).toEqual(['cache', 'nosql', 'sql']);
    expect(byKey['queue']!.value).toEqual(['b', 'a', 'c']);
    expect(byKey['top']!.value).toEqual([
      ['x', '1.5'],
      ['y', '-inf'],
    ]);
    expect([byKey['greeting']!.expires, byKey['session:1']!.expires]).toEqual([false, true]);
  });

  it('refuses what Redis could not hold: empty collections, repeated keys or members', () => {
    expect(() => seedSnapshot([{ type: 'set', key: 's', members: [] }])).toThrow(/empty/);
    expect(() => seedSnapshot([{ type: 'hash', key: 'h', fields: {} }])).toThrow(/empty/);
    expect(() => seedSnapshot([...seed, { type: 'string', key: 'greeting', value: 'again' }])).toThrow(/twice/);
    expect(() => seedSnapshot([{ type: 'set', key: 's', members: ['a', 'a'] }])).toThrow(/repeats/);
    expect(() => seedSnapshot([{ type: 'string', key: 'k', value: 'v', ttlMs: 0 }])).toThrow(/ttlMs/);
  });
});

describe('checksumSeed', () => {
  /** The same entry, its hash fields and set members in another order. */
  const reordered = (entry: RedisSeed[number]): RedisSeed[number] => {
    if (entry.type === 'hash') return { ...entry, fields: { year: '2010', title: 'SQL Antipatterns' } };
    if (entry.type === 'set') return { ...entry, members: [...entry.members].reverse() };
    return entry;
  };
  /** The seed with the entry `key` replaced. */
  const changed = (key: string, replace: (entry: RedisSeed[number]) => RedisSeed[number]): RedisSeed =>
    seed.map((e) => (e.key === key ? replace(e) : e));

  it('does not depend on the order of keys, hash fields or set members', () => {
    const shuffled: RedisSeed = [...seed].reverse().map(reordered);
    expect(checksumSeed(shuffled)).toBe(checksumSeed(seed));
  });

  it('changes with a value, a type, list order or TTL presence', () => {
    const base = checksumSeed(seed);
    const variants: RedisSeed[] = [
      changed('greeting', (e) => ({ ...e, value: 'hallo' }) as RedisSeed[number]),
      changed('queue', (e) => ({ ...e, items: ['a', 'b', 'c'] }) as RedisSeed[number]),
      changed('greeting', (e) => ({ ...e, ttlMs: 1000 })),
      changed('tags', () => ({ type: 'list', key: 'tags', items: ['cache', 'nosql', 'sql'] })),
    ];
    for (const variant of variants) expect(checksumSeed(variant)).not.toBe(base);
  });

  it('is a hex SHA-256, and the empty database has one too', () => {
    expect(checksumSeed(seed)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksumSnapshot([])).toBe(checksumSeed([]));
  });
});
