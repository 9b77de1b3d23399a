import type { Terminal } from '@xterm/xterm';

/** Output handed to xterm.js and not yet drawn beyond this is held back instead of queued… */
const PENDING_HIGH_BYTES = 1024 * 1024;
/** …until the backlog drains below this. */
const PENDING_LOW_BYTES = 128 * 1024;
/** Of the output held back, the newest this much is drawn once the backlog drains; the rest is skipped. */
const TAIL_BYTES = 64 * 1024;

/**
 * The browser's half of flow control. The server pauses the shell while its socket is full, but a
 * browser's WebSocket reads as fast as the network delivers, and xterm.js queues whatever it is
 * given: `yes` would pile up megabytes to draw, and a Ctrl+C would take effect on screen only
 * after all of it. So output beyond a bounded backlog is held back, only its newest part kept
 * (the prompt after a Ctrl+C, the answer of the next command), and the rest skipped with a notice:
 * the page stays responsive and the screen ends where the shell is now.
 */
export class OutputSink {
  private pending = 0;
  private skipped = 0;
  private held: Uint8Array[] = [];
  private heldBytes = 0;

  constructor(private readonly terminal: Terminal) {}

  write(bytes: Uint8Array): void {
    if (this.pending > PENDING_HIGH_BYTES || this.held.length > 0) {
      this.hold(bytes);
      return;
    }
    this.pending += bytes.length;
    this.terminal.write(bytes, () => {
      this.pending -= bytes.length;
      if (this.held.length > 0 && this.pending < PENDING_LOW_BYTES) this.release();
    });
  }

  /** A replay starts the screen over. */
  reset(): void {
    this.held = [];
    this.heldBytes = 0;
    this.skipped = 0;
    this.terminal.reset();
  }

  private hold(bytes: Uint8Array): void {
    this.held.push(bytes);
    this.heldBytes += bytes.length;
    while (this.heldBytes > TAIL_BYTES && this.held.length > 1) {
      const oldest = this.held.shift()!;
      this.heldBytes -= oldest.length;
      this.skipped += oldest.length;
    }
  }

  /** The notice of what was skipped, then the newest output held back. */
  private release(): void {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    if (this.skipped > 0) {
      const kib = Math.max(1, Math.round(this.skipped / 1024));
      this.skipped = 0;
      this.terminal.write(`\r\n\x1b[2m[${kib} KiB of output skipped to keep the page responsive]\x1b[0m\r\n`);
    }
    for (const bytes of held) this.write(bytes);
  }
}
