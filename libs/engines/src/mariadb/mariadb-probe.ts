import { connect } from 'node:net';

/**
 * Ready means: the server sends its protocol-10 handshake. MySQL and MariaDB speak first, and
 * only once they accept clients, so the greeting is a protocol-level check without a driver or
 * credentials.
 */
export async function probeMariadb(
  host: string,
  port: number,
  _credentials: unknown,
  timeoutMs: number,
): Promise<void> {
  const socket = connect({ host, port });
  try {
    const packet = await new Promise<Buffer>((resolve, reject) => {
      socket.setTimeout(timeoutMs, () => reject(new Error('mysql: no handshake received')));
      socket.once('data', resolve);
      socket.once('error', reject);
      socket.once('end', () => reject(new Error('mysql: connection closed before the handshake')));
    });
    // 3-byte length, 1-byte sequence, then the payload: 0x0a = handshake v10, 0xff = error packet.
    const kind = packet[4];
    if (kind === 0xff) throw new Error(`mysql: server refused: ${packet.subarray(7).toString('utf8')}`);
    if (kind !== 0x0a) throw new Error(`mysql: unexpected first packet 0x${(kind ?? 0).toString(16)}`);
  } finally {
    socket.destroy();
  }
}
