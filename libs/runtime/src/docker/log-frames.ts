/**
 * Docker multiplexes stdout and stderr of a non-TTY container into frames:
 * [stream(1), 0, 0, 0, size(4, big-endian)] followed by `size` bytes of payload.
 */
export interface DockerFrame {
  stream: 'stdout' | 'stderr';
  payload: Buffer;
}

const HEADER_BYTES = 8;

export function decodeDockerFrames(buffer: Buffer): DockerFrame[] {
  const frames: DockerFrame[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= buffer.length) {
    const kind = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    const payload = buffer.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + size);
    frames.push({ stream: kind === 2 ? 'stderr' : 'stdout', payload });
    offset += HEADER_BYTES + size;
  }
  return frames;
}

export function splitLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
