import { parseBlock, readServerSentEvents } from './sse';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]) {
  const events = [];
  for await (const event of readServerSentEvents(streamOf(chunks))) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  it('yields events split across chunks, with CRLF line ends', async () => {
    expect(await collect(['event: state\r\ndata: {"a"', ':1}\r\n\r\nda', 'ta: two\n\n'])).toEqual([
      { event: 'state', data: '{"a":1}' },
      { event: 'message', data: 'two' },
    ]);
  });

  it('joins several data lines and drops comments and events without data', async () => {
    expect(await collect([': keep-alive\n\nevent: x\n\ndata: a\ndata: b\n\n'])).toEqual([
      { event: 'message', data: 'a\nb' },
    ]);
  });
});

describe('parseBlock', () => {
  it('keeps a colon inside the data and removes one leading space only', () => {
    expect(parseBlock('event: stdout\ndata:  a: b')).toEqual({ event: 'stdout', data: ' a: b' });
  });
});
