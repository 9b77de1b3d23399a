import {
  EngineStatementError,
  EngineUnreachable,
  QueryTimedOut,
  runConsoleQuery,
  StatementRejected,
} from '@lab/engines';
import { MiB, peakRssGrowth } from '../support/peak-rss';
import { waitFor } from '../support/wait-for';
import { consoleOn, consoleLimits as limits } from './support/engine-console';
import { startRedis } from './support/engine-sandboxes';

/** The console on a real Redis of the image kit, as an ACL user: commands split like redis-cli. */
describe('engines: Redis console', () => {
  const { run } = consoleOn('redis', startRedis);

  it('writes and reads values, quotes and escapes as redis-cli reads them', async () => {
    expect(await run('SET "book:1 title" "Dune\\nby Herbert"')).toMatchObject({
      columns: ['value'],
      rows: [['OK']],
      rowCount: 1,
      truncated: false,
    });
    expect((await run("GET 'book:1 title'")).rows).toEqual([['Dune\nby Herbert']]);
    expect((await run('INCRBY visits 5')).rows).toEqual([[5]]);
    expect((await run('GET nothing-here')).rows).toEqual([[null]]);
  });

  it('shows a list as one row per element and a hash or scored set as two columns', async () => {
    await run('RPUSH queue a b c');
    await run('HSET book:2 title Emma year 1815');
    await run('ZADD ranks 1 low 2 high');
    expect(await run('LRANGE queue 0 -1')).toMatchObject({
      columns: ['value'],
      rows: [['a'], ['b'], ['c']],
      rowCount: 3,
    });
    expect(await run('HGETALL book:2')).toMatchObject({
      columns: ['field', 'value'],
      rows: [
        ['title', 'Emma'],
        ['year', '1815'],
      ],
    });
    expect(await run('ZRANGE ranks 0 -1 WITHSCORES')).toMatchObject({
      columns: ['member', 'score'],
      rows: [
        ['low', '1'],
        ['high', '2'],
      ],
    });
  });

  it('truncates a reply past maxRows, and one past the wire cap, and the caller grows by less than 50 MiB', async () => {
    await run("EVAL \"for i = 1, 5000 do redis.call('RPUSH', 'long', i) end\" 0");
    const long = await run('LRANGE long 0 -1');
    await run(`SETRANGE big ${16 * MiB - 1} x`);
    const { result: big, growth } = await peakRssGrowth(() => run('GET big'));
    console.log(`GET of a 16 MiB value: peak RSS growth ${(growth / MiB).toFixed(1)} MiB`);
    expect(long).toMatchObject({ rowCount: 1_000, truncated: true });
    expect(long.rows[999]).toEqual(['1000']);
    expect(big).toMatchObject({
      rows: [],
      truncated: true,
      notices: ['the reply passed 8 MiB and was not read: ask for less (e.g. LRANGE key 0 99)'],
    });
    expect(growth).toBeLessThan(50 * MiB);
  });

  it('refuses blocking and subscribing commands, unbalanced quotes and explain', async () => {
    await expect(run('BLPOP queue 0')).rejects.toThrow(StatementRejected);
    await expect(run('subscribe news')).rejects.toThrow(/blocks or takes over the connection/);
    await expect(run('MONITOR')).rejects.toThrow(StatementRejected);
    await expect(run('XREAD BLOCK 0 STREAMS s $')).rejects.toThrow(StatementRejected);
    await expect(run('SET k "open')).rejects.toThrow(/unbalanced quotes/);
    await expect(run('GET k', { explain: 'plan' })).rejects.toThrow(StatementRejected);
  });

  it('reports error replies with their code', async () => {
    await expect(run('INCR queue')).rejects.toMatchObject({ code: 'WRONGTYPE' });
    await expect(run('NOSUCHCOMMAND x')).rejects.toBeInstanceOf(EngineStatementError);
    await expect(run('NOSUCHCOMMAND x')).rejects.toMatchObject({ code: 'ERR' });
  });
  it('fails a command past its timeout', async () => {
    const busy = run("EVAL \"local t = redis.call('TIME') while redis.call('TIME')[1] - t[1] < 7 do end\" 0");
    await expect(busy).rejects.toBeInstanceOf(QueryTimedOut);
    // Redis runs the script to its end: wait until it answers again, for whatever runs next.
    let free = false;
    await waitFor(
      () => free,
      30_000,
      async () => {
        free = await run('PING').then(
          () => true,
          () => false,
        );
      },
    );
    expect(free).toBe(true);
  });

  it('reports an engine it cannot reach as EngineUnreachable', async () => {
    const closed = runConsoleQuery('redis', 'redis://student:x@127.0.0.1:1', { statement: 'PING', limits });
    await expect(closed).rejects.toBeInstanceOf(EngineUnreachable);
  });
});
