/**
 * Progress of a long step: a spinner that rewrites one stderr line on a terminal, plain lines
 * elsewhere (CI logs, pipes), nothing in JSON mode.
 */
export interface Progress {
  update(text: string): void;
  done(text?: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function progressFor(
  mode: 'spinner' | 'lines' | 'quiet',
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (mode === 'quiet') return { update: () => undefined, done: () => undefined };
  if (mode === 'lines') {
    return {
      update: (text) => stream.write(`${text}\n`),
      done: (text) => text !== undefined && stream.write(`${text}\n`),
    };
  }
  let frame = 0;
  let current = '';
  const draw = () => stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${current}`);
  const timer = setInterval(draw, 100);
  return {
    update: (text) => {
      current = text;
      draw();
    },
    done: (text) => {
      clearInterval(timer);
      stream.write(`\r\x1b[2K${text === undefined ? '' : `${text}\n`}`);
    },
  };
}
