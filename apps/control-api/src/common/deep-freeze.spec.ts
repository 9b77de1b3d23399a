import { deepFreeze, frozenOncePer } from './deep-freeze';

describe('deepFreeze', () => {
  it('freezes the value and every object and array inside it', () => {
    const record = deepFreeze({
      id: 'a',
      secrets: { pg: 'x' } as Record<string, string>,
      endpoints: [{ name: 'db', ports: { '5432': 1 } as Record<string, number> }],
    });
    expect(() => {
      (record as { id: string }).id = 'b';
    }).toThrow(TypeError);
    expect(() => {
      record.secrets.pg = 'y';
    }).toThrow(TypeError);
    expect(() => record.endpoints.push({ name: 'more', ports: {} })).toThrow(TypeError);
    expect(() => {
      record.endpoints[0]!.ports['5432'] = 2;
    }).toThrow(TypeError);
    expect(record).toEqual({ id: 'a', secrets: { pg: 'x' }, endpoints: [{ name: 'db', ports: { '5432': 1 } }] });
  });

  it('leaves primitives and null as they are', () => {
    expect(deepFreeze(null)).toBeNull();
    expect(deepFreeze('text')).toBe('text');
  });

  it('makes a value once per key object, frozen', () => {
    const made = new WeakMap<object, { n: number }>();
    const key = {};
    const make = jest.fn(() => ({ n: 1 }));
    const first = frozenOncePer(made, key, make);
    expect(frozenOncePer(made, key, make)).toBe(first);
    expect(frozenOncePer(made, {}, make)).not.toBe(first);
    expect(make).toHaveBeenCalledTimes(2);
    expect(Object.isFrozen(first)).toBe(true);
  });
});
