import { LOAD_ATTEMPTS, loadAgainOnFailure } from './load-again';

describe('loadAgainOnFailure', () => {
  const noPause = () => Promise.resolve();

  it('returns the module of the first load that succeeds, after pauses that grow', async () => {
    const pauses: number[] = [];
    const failure = new TypeError('Failed to fetch dynamically imported module');
    const loadChunk = jest.fn<Promise<{ Component: string }>, []>();
    for (let failed = 1; failed < LOAD_ATTEMPTS; failed++) loadChunk.mockRejectedValueOnce(failure);
    loadChunk.mockResolvedValueOnce({ Component: 'page' });
    const load = loadAgainOnFailure(loadChunk, async (ms) => void pauses.push(ms));
    await expect(load()).resolves.toEqual({ Component: 'page' });
    expect(loadChunk).toHaveBeenCalledTimes(LOAD_ATTEMPTS);
    // About 8 s in all: long enough to outlast a class's worth of Docker bridges coming and going.
    expect(pauses).toEqual([250, 500, 1_000, 2_000, 4_000]);
  });

  it('gives up after the last attempt with that attempt’s error', async () => {
    let calls = 0;
    const load = loadAgainOnFailure(async () => {
      calls += 1;
      throw new TypeError(`failure ${calls}`);
    }, noPause);
    await expect(load()).rejects.toThrow(`failure ${LOAD_ATTEMPTS}`);
    expect(calls).toBe(LOAD_ATTEMPTS);
  });

  it('loads once when the first load succeeds', async () => {
    let calls = 0;
    const load = loadAgainOnFailure(async () => ++calls, noPause);
    await expect(load()).resolves.toBe(1);
    expect(calls).toBe(1);
  });
});
