import { ExpiryRing } from './expiry-ring';

describe('ExpiryRing', () => {
  it('keeps times in order across wrap-arounds and growth, dropping the expired from the front', () => {
    const ring = new ExpiryRing();
    const reference: number[] = [];
    let time = 0;
    // Pushes and drops interleaved so the start moves around the ring while it grows (16 → 64).
    for (let round = 0; round < 200; round += 1) {
      for (let i = 0; i < (round % 7) + 1; i += 1) {
        time += 1;
        ring.push(time);
        reference.push(time);
      }
      const until = time - (round % 40);
      ring.dropUntil(until);
      reference.splice(0, reference.filter((kept) => kept <= until).length);
      expect({ size: ring.size, oldest: ring.oldest() }).toEqual({ size: reference.length, oldest: reference[0] });
    }
  });

  it('is empty after clear, and answers no oldest when empty', () => {
    const ring = new ExpiryRing();
    for (let time = 1; time <= 40; time += 1) ring.push(time);
    ring.clear();
    expect({ size: ring.size, oldest: ring.oldest() }).toEqual({ size: 0, oldest: undefined });
    ring.push(99);
    expect({ size: ring.size, oldest: ring.oldest() }).toEqual({ size: 1, oldest: 99 });
  });
});
