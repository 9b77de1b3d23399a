/** The clocks of the terminals; a provider so a test can shorten them. */
export interface TerminalTiming {
  /** A socket that has not answered the previous ping by the next one is closed as dead. */
  heartbeatMs: number;
  /** How long a shell outlives its socket, waiting for a reconnect (its output still recorded). */
  graceMs: number;
}

export const TERMINAL_TIMING = Symbol('TERMINAL_TIMING');

export const DEFAULT_TERMINAL_TIMING: TerminalTiming = { heartbeatMs: 20_000, graceMs: 60_000 };
