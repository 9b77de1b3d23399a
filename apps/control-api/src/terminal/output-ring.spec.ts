import { OutputRing } from './output-ring';

describe('OutputRing', () => {
  it('keeps everything while it is not full', () => {
    const ring = new OutputRing(8);
    ring.write(Buffer.from('abc'));
    ring.write(Buffer.from('de'));
    expect(ring.contents().toString()).toBe('abcde');
  });

  it('keeps only the last bytes once it wraps round', () => {
    const ring = new OutputRing(8);
    ring.write(Buffer.from('abcdef'));
    ring.write(Buffer.from('ghijk'));
    expect(ring.contents().toString()).toBe('defghijk');
  });

  it('keeps the tail of a chunk longer than the ring', () => {
    const ring = new OutputRing(4);
    ring.write(Buffer.from('x'));
    ring.write(Buffer.from('0123456789'));
    expect(ring.contents().toString()).toBe('6789');
  });

  it('returns a copy that later writes do not change', () => {
    const ring = new OutputRing(4);
    ring.write(Buffer.from('ab'));
    const before = ring.contents();
    ring.write(Buffer.from('cdef'));
    expect([before.toString(), ring.contents().toString()]).toEqual(['ab', 'cdef']);
  });

  it('is empty before the first write', () => {
    expect(new OutputRing(4).contents().length).toBe(0);
  });
});
