import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReview, lockedInstallScripts, reviewInstallScripts } from './install-scripts';

/** `lab check-install-scripts`: exit 1 when a locked install script is not in package.json's allowScripts. */
export function checkInstallScriptsCommand(root: string, print: (line: string) => void): number {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { allowScripts?: unknown };
  const lockfile = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Parameters<
    typeof lockedInstallScripts
  >[0];
  const { ok, lines } = formatReview(reviewInstallScripts(lockedInstallScripts(lockfile), manifest.allowScripts));
  for (const line of lines) print(line);
  return ok ? 0 : 1;
}
