import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A real TCP service with a known stall: it answers each line with "ok\n" at once, one request at a
 * time per connection, except that once a second it stops for `stallMs` (everything that arrives
 * meanwhile waits behind it, as behind a database's checkpoint or a GC pause).
 */
export async function startStallingServer(
  stallMs: number,
  everyMs = 1000,
): Promise<{ port: number; close: () => Promise<void> }> {
  const started = performance.now();
  let nextStallAt = started + everyMs / 2;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    let busyUntil = 0;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        buffered = buffered.slice(newline + 1);
        const now = performance.now();
        let answerAt = Math.max(now, busyUntil);
        if (answerAt >= nextStallAt) {
          answerAt += stallMs;
          while (nextStallAt <= answerAt) nextStallAt += everyMs;
        }
        busyUntil = answerAt;
        setTimeout(() => socket.writable && socket.write('ok\n'), answerAt - now);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One connection, one request at a time: resolves each request with the next answer line. */
export async function connectLineClient(port: number): Promise<{ request: () => Promise<void>; close: () => void }> {
  const socket = createConnection({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const waiting: (() => void)[] = [];
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      buffered = buffered.slice(newline + 1);
      waiting.shift()?.();
    }
  });
  return {
    request: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        socket.write('get\n');
      }),
    close: () => socket.destroy(),
  };
}
