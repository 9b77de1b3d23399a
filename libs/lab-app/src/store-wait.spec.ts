import { createServer } from 'node:net';
import { refusedEndpoint, untilAccepting } from './store-wait';
import { closedPort } from './testing/closed-port';

describe('refusedEndpoint (where a boot was refused)', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.2:5432'), {
    code: 'ECONNREFUSED',
    address: '10.0.0.2',
    port: 5432,
  });

  it('is read from the error, its cause, or an AggregateError of attempts', () => {
    expect(refusedEndpoint(refused)).toEqual({ address: '10.0.0.2', port: 5432 });
    expect(refusedEndpoint(new Error('boot failed', { cause: refused }))).toEqual({ address: '10.0.0.2', port: 5432 });
    expect(refusedEndpoint(new AggregateError([new Error('other'), refused]))).toEqual({
      address: '10.0.0.2',
      port: 5432,
    });
  });

  it('is undefined when the error names no refused endpoint (a name not resolved yet, 57P03)', () => {
    expect(refusedEndpoint(Object.assign(new Error('getaddrinfo ENOTFOUND postgres'), { code: 'ENOTFOUND' }))).toBe(
      undefined,
    );
    expect(refusedEndpoint(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(
      undefined,
    );
  });
});

describe('untilAccepting', () => {
  it('resolves once the endpoint starts listening', async () => {
    const port = await closedPort();

    let listeningSince = 0;
    const server = createServer((socket) => socket.destroy());
    setTimeout(() => server.listen(port, '127.0.0.1', () => (listeningSince = Date.now())), 150);
    try {
      await untilAccepting({ address: '127.0.0.1', port }, Date.now() + 10_000);
      expect(listeningSince).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it('gives up at the deadline when nothing ever listens', async () => {
    const port = await closedPort();
    const started = Date.now();
    await untilAccepting({ address: '127.0.0.1', port }, started + 100);
    expect(Date.now()).toBeGreaterThanOrEqual(started + 100);
  });
});
