import { PromiseCoalescer } from './promise-coalescer';

describe('PromiseCoalescer', () => {
  it('runs the work once for concurrent callers of one key', async () => {
    const coalescer = new PromiseCoalescer<string, number>();
    let runs = 0;
    let finish!: (value: number) => void;
    const work = () => {
      runs++;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const calls = Array.from({ length: 10 }, () => coalescer.run('k', work));
    expect(calls.map((c) => c.joined)).toEqual([false, ...Array<boolean>(9).fill(true)]);
    finish(7);
    expect(await Promise.all(calls.map((c) => c.promise))).toEqual(Array<number>(10).fill(7));
    expect(runs).toBe(1);
    expect(coalescer.size).toBe(0);
  });

  it('keeps keys apart and starts afresh once the work settled', async () => {
    const coalescer = new PromiseCoalescer<string, string>();
    const a = coalescer.run('a', async () => 'A');
    const b = coalescer.run('b', async () => 'B');
    expect([a.joined, b.joined]).toEqual([false, false]);
    expect(await Promise.all([a.promise, b.promise])).toEqual(['A', 'B']);
    expect(coalescer.run('a', async () => 'A2').joined).toBe(false);
  });

  it('shares a failure with the joiners, and does not remember it', async () => {
    const coalescer = new PromiseCoalescer<string, string>();
    const first = coalescer.run('k', async () => {
      throw new Error('source down');
    });
    const joiner = coalescer.run('k', async () => 'never runs');
    await expect(first.promise).rejects.toThrow('source down');
    await expect(joiner.promise).rejects.toThrow('source down');
    await expect(coalescer.run('k', async () => 'back').promise).resolves.toBe('back');
  });

  it('turns a synchronous throw into a rejection', async () => {
    const coalescer = new PromiseCoalescer<string, string>();
    const call = coalescer.run('k', () => {
      throw new Error('sync');
    });
    await expect(call.promise).rejects.toThrow('sync');
  });
});
