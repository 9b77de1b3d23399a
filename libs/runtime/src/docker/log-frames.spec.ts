import { decodeDockerFrames, splitLines } from './log-frames';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('decodeDockerFrames', () => {
  it('separates stdout from stderr', () => {
    const frames = decodeDockerFrames(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more')]));
    expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
      ['stdout', 'out\n'],
      ['stderr', 'err\n'],
      ['stdout', 'more'],
    ]);
  });

  it('ignores a truncated trailing header', () => {
    expect(decodeDockerFrames(Buffer.concat([frame(1, 'a'), Buffer.from([1, 0, 0])]))).toHaveLength(1);
  });
});

describe('splitLines', () => {
  it('drops the final empty line and carriage returns', () => {
    expect(splitLines('a\r\nb\n')).toEqual(['a', 'b']);
  });
});
