import { homedir } from 'node:os';
import { join } from 'node:path';

// The user's own environment, not the lab's configuration (that is @lab/config's): where their
// config folder is (XDG base directories) and what a client started for them inherits (PATH, TERM,
// PAGER…). Read here only, hence the two exceptions to the process.env rule.

/** `$XDG_CONFIG_HOME` when it is an absolute path (the spec ignores relative ones), else `~/.config`. */
export function userConfigHome(): string {
  // eslint-disable-next-line no-restricted-syntax -- the XDG base directory of the user, not lab configuration
  const xdg = process.env.XDG_CONFIG_HOME;
  return xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.config');
}

/** The environment a client (psql, …) started for the user inherits, plus `extra`. */
export function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  // eslint-disable-next-line no-restricted-syntax -- handed on to the user's own database client as it is
  return { ...process.env, ...extra };
}
