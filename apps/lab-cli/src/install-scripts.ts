/**
 * Install-script review: every locked package that runs a script at install time (native builds,
 * binary downloads, telemetry) must be approved or denied in package.json's `allowScripts`, the
 * field npm 11 reads (and npm 12 enforces: unapproved scripts do not run). Keys are `name` (any
 * version) or `name@version` (only the version that was reviewed); values `true` (run) or `false`
 * (never run; a denial wins over any approval, as in npm).
 */
export type AllowScripts = Record<string, boolean>;

export interface LockedInstallScript {
  name: string;
  version: string;
  /**
   * The version npm trusts for a `name@version` key: the one in the lockfile's `resolved` tarball
   * URL, never the package's own claim. Without a `resolved` URL (our lockfile has none) npm refuses
   * every pinned approval, so this checker does too.
   */
  verifiedVersion?: string;
  /** Where the lockfile puts it, e.g. `node_modules/ssh2`. */
  path: string;
}

export interface InstallScriptReview {
  approved: LockedInstallScript[];
  denied: LockedInstallScript[];
  /** Neither approved nor denied (or approved for another version only): CI fails on these. */
  unreviewed: LockedInstallScript[];
  /** Entries that match no locked package with an install script (a removed or upgraded package). */
  stale: string[];
  /** Keys or values npm would not read as we do (ranges, tags, non-booleans): CI fails on these too. */
  invalid: string[];
}

interface LockfileShape {
  packages?: Record<
    string,
    { name?: string; version?: string; resolved?: string; hasInstallScript?: boolean; link?: boolean }
  >;
}

/** Every package of a v2/v3 lockfile that declares an install script, in lockfile order. */
export function lockedInstallScripts(lockfile: LockfileShape): LockedInstallScript[] {
  const found: LockedInstallScript[] = [];
  for (const [path, entry] of Object.entries(lockfile.packages ?? {})) {
    if (path === '' || !entry.hasInstallScript || entry.link) continue;
    // An aliased dependency's resolved identity is its `name`; otherwise the folder says it.
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const tarball = entry.resolved?.split('/').pop() ?? '';
    const unscoped = name.split('/').pop()!;
    const verifiedVersion =
      tarball.startsWith(`${unscoped}-`) && tarball.endsWith('.tgz')
        ? tarball.slice(unscoped.length + 1, -'.tgz'.length)
        : undefined;
    found.push({ name, version: entry.version ?? '', path, ...(verifiedVersion ? { verifiedVersion } : {}) });
  }
  return found;
}

/** `name` or `name@exact.version`, scoped names included; undefined for anything else. */
export function parseAllowKey(key: string): { name: string; version?: string } | undefined {
  const match = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:@(\d+\.\d+\.\d+(?:-[\w.-]+)?(?:\+[\w.-]+)?))?$/i.exec(key);
  if (!match) return undefined;
  return match[2] === undefined ? { name: match[1]! } : { name: match[1]!, version: match[2] };
}

export function reviewInstallScripts(scripts: LockedInstallScript[], allow: unknown): InstallScriptReview {
  const review: InstallScriptReview = { approved: [], denied: [], unreviewed: [], stale: [], invalid: [] };
  const entries: { key: string; name: string; version?: string; allowed: boolean }[] = [];
  if (allow !== undefined && (typeof allow !== 'object' || allow === null || Array.isArray(allow))) {
    review.invalid.push('allowScripts must be an object of "name" or "name@version" → true | false');
  } else {
    for (const [key, value] of Object.entries((allow ?? {}) as Record<string, unknown>)) {
      const parsed = parseAllowKey(key);
      if (!parsed || typeof value !== 'boolean') {
        review.invalid.push(`${key}: ${JSON.stringify(value)}`);
        continue;
      }
      entries.push({ key, ...parsed, allowed: value });
    }
  }

  const used = new Set<string>();
  for (const script of scripts) {
    // As npm does: a pinned key matches only a verified version; an unverifiable one still lets a
    // pinned denial block (fail closed) but never a pinned approval run.
    const matching = entries.filter(
      (e) =>
        e.name === script.name &&
        (e.version === undefined ||
          (script.verifiedVersion === undefined ? !e.allowed : e.version === script.verifiedVersion)),
    );
    for (const e of matching) used.add(e.key);
    if (matching.some((e) => !e.allowed)) review.denied.push(script);
    else if (matching.length > 0) review.approved.push(script);
    else review.unreviewed.push(script);
  }
  review.stale = entries.filter((e) => !used.has(e.key)).map((e) => e.key);
  return review;
}

/** The lines CI prints; `ok` false when anything is unreviewed or unreadable. */
export function formatReview(review: InstallScriptReview): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  const show = (s: LockedInstallScript) => `${s.name}@${s.version}`;
  lines.push(`install scripts: ${review.approved.length} approved, ${review.denied.length} denied`);
  for (const s of review.unreviewed) lines.push(`unreviewed install script: ${show(s)} (${s.path})`);
  for (const entry of review.invalid) lines.push(`unreadable allowScripts entry: ${entry}`);
  for (const key of review.stale) lines.push(`note: allowScripts entry "${key}" matches no locked install script`);
  const ok = review.unreviewed.length === 0 && review.invalid.length === 0;
  if (!ok) {
    lines.push(
      'Review each one (what does its script do? does the product need it?), then record the decision ' +
        'with `npm install-scripts approve <pkg>` or `npm install-scripts deny <pkg>` and say why in ' +
        "README's development notes.",
    );
  }
  return { ok, lines };
}
