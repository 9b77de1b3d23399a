import { connect, Socket } from 'node:net';

/** Opens a TCP connection; resolves with the connected socket (callers close it). */
export function openTcp(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`tcp ${host}:${port}: no connection within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.removeListener('error', fail);
      resolve(socket);
    });
  });
}

/**
 * Docker's userland proxy accepts every connection on a published port and only then dials the
 * container, hanging up at once (1-8 ms measured) when nothing listens inside. So a connection
 * counts only if it is still open after this window, or if the server spoke first.
 */
const PROXY_HANGUP_WINDOW_MS = 50;

export async function probeTcp(host: string, port: number, timeoutMs: number): Promise<void> {
  const socket = await openTcp(host, port, timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, Math.min(PROXY_HANGUP_WINDOW_MS, timeoutMs));
      const hungUp = () => {
        clearTimeout(timer);
        reject(new Error(`tcp ${host}:${port}: accepted, then closed (nothing listens in the container yet)`));
      };
      socket.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('end', hungUp);
      socket.once('close', hungUp);
      socket.once('error', hungUp);
    });
  } finally {
    socket.destroy();
  }
}
