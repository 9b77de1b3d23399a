import { z } from 'zod';

/**
 * The terminal's wire protocol over one WebSocket (subprotocol `lab.terminal.v1`):
 * - client → server: **binary** frames are keystrokes (bytes for the TTY); **text** frames are JSON
 *   control messages: `{"type":"resize","cols":120,"rows":40}` or `{"type":"input","data":"ls\r"}`
 *   (for clients that only send text). A text frame that is no control message is refused (4400).
 * - server → client: **binary** frames are terminal output; **text** frames are JSON events:
 *   `{"type":"session","id":"…","replayed":1234}` first (the id to reconnect with; `replayed`
 *   bytes of earlier output follow at once), then `{"type":"exit","code":0}` when the shell ends.
 * Reconnect: open `…/terminal?session=<id>` again within the grace period.
 */
export const TERMINAL_SUBPROTOCOL = 'lab.terminal.v1';

/**
 * Browsers cannot set headers on a WebSocket: they may carry the bearer token as a second
 * subprotocol `lab.token.<token>` (never selected, so never echoed back in the response).
 */
export const TOKEN_SUBPROTOCOL_PREFIX = 'lab.token.';

/** Close codes (4000-4999 are the application's); a browser sees them in `CloseEvent.code`. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  badMessage: 4400,
  unauthenticated: 4401,
  notFound: 4404,
  /** The sandbox has no terminal, or is not running. */
  unavailable: 4409,
  tooMany: 4429,
  /** The engine failed to open the shell. */
  failed: 4500,
} as const;

const size = z.number().int().min(1).max(1_000);

const controlMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('resize'), cols: size, rows: size }),
  z.strictObject({ type: z.literal('input'), data: z.string().max(64 * 1024) }),
]);

export type ControlMessage = z.infer<typeof controlMessage>;

/** The control message of a text frame, or undefined when it is none. */
export function parseControlMessage(text: string): ControlMessage | undefined {
  try {
    const parsed = controlMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The size a client asks for when it connects (`?cols=&rows=`), or a classic 80x24. */
export function initialSize(query: URLSearchParams): { cols: number; rows: number } {
  const read = (name: string, fallback: number) => {
    const parsed = size.safeParse(Number(query.get(name) ?? fallback));
    return parsed.success ? parsed.data : fallback;
  };
  return { cols: read('cols', 80), rows: read('rows', 24) };
}

/** The bearer token of an upgrade request: the Authorization header, else a `lab.token.` subprotocol. */
export function upgradeToken(authorization: string | undefined, protocols: string | undefined): string | undefined {
  const header = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
  if (header) return header;
  const offered = (protocols ?? '').split(',').map((p) => p.trim());
  const carried = offered.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  return carried ? carried.slice(TOKEN_SUBPROTOCOL_PREFIX.length) || undefined : undefined;
}

/**
 * Whether a browser on `origin` may open a terminal: no Origin (not a browser: curl, the CLI, a
 * Node client), the API's own origin as the request reached it, or one of the configured ones.
 * Refusing the rest stops another site's page from opening a shell with the user's cookie.
 */
export function originAllowed(
  origin: string | undefined,
  ownOrigin: string,
  publicOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  return origin === ownOrigin || publicOrigins.includes(origin);
}
