import type { Terminal } from '@xterm/xterm';

/** Output handed to xterm.js and not yet drawn beyond this is skipped instead of queued… */
const PENDING_HIGH_BYTES = 1024 * 1024;
/** …until the backlog drains below this. */
const PENDING_LOW_BYTES = 128 * 1024;

/**
 * The browser's half of flow control. The server pauses the shell while its socket is full, but a
 * browser's WebSocket reads as fast as the network delivers, and xterm.js queues whatever it is
 * given: `yes` would pile up megabytes to draw, and a Ctrl+C would take effect on screen only
 * after all of it. So output beyond a bounded backlog is dropped (and said so), keeping the page
 * responsive and the screen close to what the shell is doing now.
 */
export class OutputSink {
  private pending = 0;
  private skipped = 0;

  constructor(private readonly terminal: Terminal) {}

  write(bytes: Uint8Array): void {
    if (this.pending > PENDING_HIGH_BYTES) {
      this.skipped += bytes.length;
      return;
    }
    this.pending += bytes.length;
    this.terminal.write(bytes, () => {
      this.pending -= bytes.length;
      if (this.skipped > 0 && this.pending < PENDING_LOW_BYTES) this.noteSkipped();
    });
  }

  /** A replay starts the screen over. */
  reset(): void {
    this.terminal.reset();
  }

  private noteSkipped(): void {
    const kib = Math.max(1, Math.round(this.skipped / 1024));
    this.skipped = 0;
    this.terminal.write(`\r\n\x1b[2m[${kib} KiB of output skipped to keep the page responsive]\x1b[0m\r\n`);
  }
}
