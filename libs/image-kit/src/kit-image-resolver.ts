import { DockerClient, ImageNotAvailableError, ImageResolver, ResolvedImage } from '@lab/runtime';
import { AppImageEntry, ImageEntry, ImageKit, kitImageKeys } from './image-kit.schema';
import { KitMode } from './kit-labels';

/**
 * Resolves an image key to what is actually on this engine, per the configured mode.
 * The kit's keys are the allowlist: a key outside it is never resolved.
 */
export class KitImageResolver implements ImageResolver {
  private readonly cache = new Map<string, Promise<ResolvedImage>>();

  constructor(
    private readonly kit: ImageKit,
    private readonly docker: DockerClient,
    private readonly mode: KitMode,
  ) {}

  allowedKeys(): readonly string[] {
    return kitImageKeys(this.kit);
  }

  resolve(key: string): Promise<ResolvedImage> {
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.lookUp(key);
      // Only successes are remembered: a missing image may be prepared in the meantime.
      pending.catch(() => this.cache.delete(key));
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async lookUp(key: string): Promise<ResolvedImage> {
    const app = this.kit.manifest.apps[key];
    if (app) {
      if (await this.docker.inspectImage(app.tag)) return appProfile(key, app);
      throw new ImageNotAvailableError(key, `${app.tag} is not on this Docker engine; run \`npm run images\`.`);
    }
    const entry = this.kit.manifest.images[key];
    if (!entry) throw new ImageNotAvailableError(key, 'it is not in the image kit (docker/images.yaml)');
    const candidates = this.candidates(key, entry);
    for (const candidate of candidates) {
      if (await this.docker.inspectImage(candidate.reference)) return candidate;
    }
    const tried = candidates.map((c) => c.reference).join(' or ') || 'no variant for this mode';
    const why = this.mode !== 'official' && !entry.offline ? ` ${entry.offlineUnavailable ?? ''}` : '';
    throw new ImageNotAvailableError(
      key,
      `${tried} is not on this Docker engine; run \`npm run images\` (LAB_IMAGE_MODE=${this.mode}).${why}`,
    );
  }

  private candidates(key: string, entry: ImageEntry): ResolvedImage[] {
    const offline = entry.offline ? profile(key, entry, 'offline') : undefined;
    // No upstream image (the toolbox): the recipe's image is the one in every mode.
    if (!entry.official) return offline ? [offline] : [];
    const official = profile(key, entry, 'official');
    if (this.mode === 'official') return [official];
    if (this.mode === 'offline') return offline ? [offline] : [];
    return offline ? [official, offline] : [official];
  }
}

function appProfile(key: string, app: AppImageEntry): ResolvedImage {
  return {
    key,
    variant: 'offline',
    reference: app.tag,
    user: app.user,
    readOnlyRootfs: app.readOnlyRootfs,
    tmpfs: tmpfsOptions(app.tmpfs, app.user),
    capAdd: [],
    env: app.env,
  };
}

function tmpfsOptions(tmpfs: Record<string, { size: string }>, user: string): Record<string, string> {
  const [uid, gid] = user.split(':');
  // Each writable path belongs to the image's own user, so nothing needs CAP_CHOWN.
  return Object.fromEntries(
    Object.entries(tmpfs).map(([path, t]) => [path, `rw,nosuid,nodev,size=${t.size},uid=${uid},gid=${gid}`]),
  );
}

function profile(key: string, entry: ImageEntry, variant: 'official' | 'offline'): ResolvedImage {
  const source = variant === 'official' ? entry.official! : entry.offline!;
  return {
    key,
    variant,
    reference: variant === 'official' ? entry.official!.reference : entry.offline!.tag,
    user: source.user,
    readOnlyRootfs: entry.readOnlyRootfs,
    tmpfs: tmpfsOptions(entry.tmpfs, source.user),
    capAdd: source.capAdd,
    env: source.env,
  };
}
