import { containsJson } from './json-subset';

describe('containsJson', () => {
  it('matches objects by the listed keys only', () => {
    expect(containsJson({ id: 1, title: 'x', extra: true }, { id: 1 })).toBe(true);
    expect(containsJson({ id: 1 }, { id: 2 })).toBe(false);
    expect(containsJson({ id: 1 }, { id: 1, title: 'x' })).toBe(false);
  });

  it('matches arrays element by element, with the same length', () => {
    expect(containsJson([{ id: 1, a: 1 }, { id: 2 }], [{ id: 1 }, { id: 2 }])).toBe(true);
    expect(containsJson([{ id: 1 }, { id: 2 }], [{ id: 1 }])).toBe(false);
    expect(containsJson([{ id: 2 }, { id: 1 }], [{ id: 1 }, { id: 2 }])).toBe(false);
  });

  it('compares scalars exactly and tells objects, arrays and null apart', () => {
    expect(containsJson('1', 1)).toBe(false);
    expect(containsJson(null, {})).toBe(false);
    expect(containsJson([], {})).toBe(false);
    expect(containsJson({}, [])).toBe(false);
    expect(containsJson(null, null)).toBe(true);
    expect(containsJson({ nested: { deep: [1, 2] } }, { nested: { deep: [1, 2] } })).toBe(true);
  });
});
