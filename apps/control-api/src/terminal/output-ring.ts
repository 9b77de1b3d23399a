/**
 * The last `capacity` bytes a terminal wrote, for the replay after a reconnect: a fixed buffer
 * written round and round, so a flood costs no more memory than a quiet shell.
 */
export class OutputRing {
  private readonly buffer: Buffer;
  /** Where the next byte goes. */
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.buffer = Buffer.alloc(capacity);
  }

  write(chunk: Buffer): void {
    // Only the chunk's tail can survive when it is longer than the whole ring.
    const data = chunk.length > this.capacity ? chunk.subarray(chunk.length - this.capacity) : chunk;
    const first = Math.min(data.length, this.capacity - this.head);
    data.copy(this.buffer, this.head, 0, first);
    data.copy(this.buffer, 0, first);
    this.head = (this.head + data.length) % this.capacity;
    this.size = Math.min(this.capacity, this.size + data.length);
  }

  /** A copy of what is kept, oldest byte first. */
  contents(): Buffer {
    if (this.size < this.capacity) return Buffer.from(this.buffer.subarray(this.head - this.size, this.head));
    return Buffer.concat([this.buffer.subarray(this.head), this.buffer.subarray(0, this.head)]);
  }
}
