/**
 * What a terminal's close code (apps/control-api/src/terminal/terminal-protocol.ts) means to a
 * student, and what the panel does about it: reconnect by itself, offer "Try again", or send them
 * to sign in. Codes the server never sends (1006: the network dropped) mean "reconnect".
 */
export interface CloseVerdict {
  title: string;
  detail: string;
  /** Reconnect on its own (with the session id, so the shell and its output come back). */
  reconnect: boolean;
  /** The browser session is gone: the way out is signing in again. */
  signIn: boolean;
}

export function closeVerdict(code: number, reason: string): CloseVerdict {
  const said = reason ? ` (${reason})` : '';
  switch (code) {
    case 4401:
      return {
        title: 'You are signed out',
        detail: `The terminal needs a signed-in browser${said}. Sign in again, then come back to this page.`,
        reconnect: false,
        signIn: true,
      };
    case 4404:
      return {
        title: 'No such sandbox',
        detail: 'This sandbox does not exist any more, or it is not yours to open.',
        reconnect: false,
        signIn: false,
      };
    case 4409:
      return {
        title: 'The sandbox is not ready for a terminal',
        detail: `${reason || 'It is not running'}. Wait until it is ready (or reset it), then try again.`,
        reconnect: false,
        signIn: false,
      };
    case 4429:
      return {
        title: 'Too many terminals open',
        detail: `${reason || 'You hold the most terminals allowed'}: close a terminal in another tab or window, then try again.`,
        reconnect: false,
        signIn: false,
      };
    case 4400:
      return {
        title: 'The terminal was closed',
        detail: `The server refused a message from this page${said}. Try again.`,
        reconnect: false,
        signIn: false,
      };
    case 4500:
      return {
        title: 'The terminal could not be opened',
        detail: `The sandbox's shell did not start${said}. Try again in a moment.`,
        reconnect: false,
        signIn: false,
      };
    case 1000:
      return {
        title: 'The shell has ended',
        detail: 'The shell exited (e.g. after `exit`). Open a new one to go on.',
        reconnect: false,
        signIn: false,
      };
    default:
      // 1001 (server restarting, grace period over), 1006 (network lost), anything unknown.
      return {
        title: 'Connection lost',
        detail: 'The connection to the terminal dropped.',
        reconnect: true,
        signIn: false,
      };
  }
}
