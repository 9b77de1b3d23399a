import { describeBytes } from '@lab/engines';

export { describeBytes };

/**
 * What one lab check (or solution action) may cost the process that runs it — the control API,
 * which evaluates every seat's checks. The student owns the data a check reads: a view can return
 * gigabytes, a query can sleep, an app can answer with an endless body. None of that may reach the
 * control plane's memory or hold it up. (The shape of @lab/engines' QueryLimits, which the
 * engines' capped queries take as they are.)
 */
export interface LabCheckLimits {
  /** Statement timeout of a query, and the deadline of a request or command. */
  timeoutMs: number;
  /** Rows a SQL check may return; one more makes it fail. */
  maxRows: number;
  /** Bytes the answer may take on the wire (rows, a Redis reply, an HTTP body). */
  maxBytes: number;
}

export const DEFAULT_LAB_CHECK_LIMITS: LabCheckLimits = Object.freeze({
  timeoutMs: 10_000,
  maxRows: 1_000,
  maxBytes: 1024 * 1024,
});

/** The check's answer was bigger than the limits allow: it fails without being read to the end. */
export class LabResultTooLarge extends Error {
  override readonly name = 'LabResultTooLarge';
  constructor(what: string) {
    super(`result too large: ${what}`);
  }
}

/** The check's query, command or request ran past its deadline. */
export class LabCheckTimeout extends Error {
  override readonly name = 'LabCheckTimeout';
  constructor(timeoutMs: number) {
    super(`timed out: the check took longer than ${timeoutMs / 1000} s`);
  }
}

/** Reads a body stream up to `maxBytes`; cancels it and throws LabResultTooLarge past that. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return Buffer.concat(chunks, length);
      length += value.byteLength;
      if (length > maxBytes) throw new LabResultTooLarge(`a body of more than ${describeBytes(maxBytes)}`);
      chunks.push(value);
    }
  } finally {
    // Cancelling aborts the transfer: nothing more is downloaded after the cap or an error.
    await reader.cancel().catch(() => undefined);
  }
}
