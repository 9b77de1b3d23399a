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

export async function probeTcp(host: string, port: number, timeoutMs: number): Promise<void> {
  (await openTcp(host, port, timeoutMs)).destroy();
}
