import { useSyncExternalStore } from 'react';

/**
 * Whether this tab had a session that has since ended (signed out elsewhere, expired, its token
 * revoked). The cookie is HttpOnly, so a page cannot look at it: it remembers only *that* it was
 * signed in (a flag in sessionStorage, never a token), and a 401 after that means the session ended.
 */
const HAD_SESSION = 'lab.had-session';

let ended = false;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    // Storage refused (privacy settings): the banner then only shows within one page load.
    return undefined;
  }
}

/** A session is open in this tab (sign-in, join, or a successful `GET /api/session`). */
export function rememberSession(): void {
  storage()?.setItem(HAD_SESSION, '1');
  if (ended) {
    ended = false;
    notify();
  }
}

/** Signed out on purpose: nothing ended by surprise. */
export function forgetSession(): void {
  storage()?.removeItem(HAD_SESSION);
  if (ended) {
    ended = false;
    notify();
  }
}

/** A 401 arrived: if this tab had a session, it has ended. */
export function noticeUnauthorized(): void {
  if (storage()?.getItem(HAD_SESSION) !== '1' || ended) return;
  ended = true;
  notify();
}

export function isSessionEnded(): boolean {
  return ended;
}

export function useSessionEnded(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => ended,
  );
}
