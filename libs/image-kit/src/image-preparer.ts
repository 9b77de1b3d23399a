import { DockerClient, ProgressEvent, reasonOf } from '@lab/runtime';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { AppImageEntry, ImageEntry, ImageKit } from './image-kit.schema';
import { KitImageResolver } from './kit-image-resolver';
import { KIT_LABEL, KitMode } from './kit-labels';
import { contextFiles, recipeHash, sourceFilesHash } from './recipe-hash';
import { runScript } from './run-script';

export type PrepareAction = 'present' | 'up-to-date' | 'pulled' | 'built' | 'skipped' | 'failed';

export interface PrepareResult {
  key: string;
  action: PrepareAction;
  variant?: 'official' | 'offline';
  reference?: string;
  detail?: string;
}

export interface PrepareOptions {
  mode: KitMode;
  /** Only these keys (default: every image of the kit). */
  only?: string[];
  log: (line: string) => void;
  scriptTimeoutMs?: number;
}

/**
 * Makes every image of the kit available on this engine, cheaply when it already is:
 * an official image present, or an offline image whose content-hash label matches its recipe.
 */
export class ImagePreparer {
  private registryUnreachable?: string;
  private baseHash?: string;
  /** Keys prepared by this preparer already (a recipe built FROM other images prepares them first). */
  private readonly prepared = new Set<string>();

  constructor(
    private readonly kit: ImageKit,
    private readonly docker: DockerClient,
  ) {}

  async prepareAll(options: PrepareOptions): Promise<PrepareResult[]> {
    const keys = options.only ?? this.keysInBuildOrder();
    const results: PrepareResult[] = [];
    for (const key of keys) {
      const entry = this.kit.manifest.images[key];
      const app = this.kit.manifest.apps[key];
      if (!entry && !app) {
        results.push({ key, action: 'failed', detail: `no image "${key}" in the kit` });
        continue;
      }
      const work = entry ? this.prepare(key, entry, options) : this.prepareApp(key, app!, options);
      const result = await work.catch((error: unknown): PrepareResult => ({
        key,
        action: 'failed',
        detail: reasonOf(error),
      }));
      this.prepared.add(key);
      options.log(
        `${key}: ${result.action}${result.reference ? ` ${result.reference}` : ''}${result.detail ? ` (${result.detail})` : ''}`,
      );
      results.push(result);
    }
    return results;
  }

  /**
   * Runtime images first: the app images build on them; then the recipes built FROM other images of
   * the kit (which may be app images).
   */
  private keysInBuildOrder(): string[] {
    const images = Object.entries(this.kit.manifest.images);
    const derived = (entry: ImageEntry) => Object.keys(entry.offline?.from ?? {}).length > 0;
    return [
      ...images.filter(([, entry]) => !derived(entry)).map(([key]) => key),
      ...Object.keys(this.kit.manifest.apps),
      ...images.filter(([, entry]) => derived(entry)).map(([key]) => key),
    ];
  }

  private async prepare(key: string, entry: ImageEntry, options: PrepareOptions): Promise<PrepareResult> {
    if (!entry.official) return this.prepareRecipeOnly(key, entry, options);
    const official = entry.official.reference;
    if (options.mode !== 'offline' && (await this.docker.inspectImage(official))) {
      return { key, action: 'present', variant: 'official', reference: official };
    }
    if (options.mode === 'official') {
      await this.pull(key, official, options);
      return { key, action: 'pulled', variant: 'official', reference: official };
    }
    if (!entry.offline) {
      if (options.mode === 'auto' && (await this.tryPull(key, official, options))) {
        return { key, action: 'pulled', variant: 'official', reference: official };
      }
      return { key, action: 'skipped', detail: entry.offlineUnavailable };
    }
    const from = await this.recipeInputs(entry, options);
    const hash = this.offlineHash(entry, from);
    if ((await this.docker.inspectImage(entry.offline.tag))?.Config.Labels?.[KIT_LABEL.hash] === hash) {
      return { key, action: 'up-to-date', variant: 'offline', reference: entry.offline.tag };
    }
    if (options.mode === 'auto' && (await this.tryPull(key, official, options))) {
      return { key, action: 'pulled', variant: 'official', reference: official };
    }
    await this.buildOffline(key, entry, hash, from, options);
    return { key, action: 'built', variant: 'offline', reference: entry.offline.tag };
  }

  /** An image with no upstream equivalent (the toolbox): its recipe is built in every mode. */
  private async prepareRecipeOnly(key: string, entry: ImageEntry, options: PrepareOptions): Promise<PrepareResult> {
    const offline = entry.offline!;
    const from = await this.recipeInputs(entry, options);
    const hash = this.offlineHash(entry, from);
    if ((await this.docker.inspectImage(offline.tag))?.Config.Labels?.[KIT_LABEL.hash] === hash) {
      return { key, action: 'up-to-date', variant: 'offline', reference: offline.tag };
    }
    await this.buildOffline(key, entry, hash, from, options);
    return { key, action: 'built', variant: 'offline', reference: offline.tag };
  }

  /**
   * An image of the project's own code, built FROM the image the kit resolves for `from` in this
   * mode. Rebuilt when its recipe, its sources or that base image change.
   */
  private async prepareApp(key: string, app: AppImageEntry, options: PrepareOptions): Promise<PrepareResult> {
    const base = await new KitImageResolver(this.kit, this.docker, options.mode).resolve(app.from).catch(async () => {
      // Not there yet (e.g. `npm run images lab-apps` on a fresh machine): prepare it first.
      await this.prepareAll({ ...options, only: [app.from] });
      return new KitImageResolver(this.kit, this.docker, options.mode).resolve(app.from);
    });
    const baseId = (await this.docker.inspectImage(base.reference))?.Id ?? base.reference;
    const contextDir = join(this.kit.root, app.context);
    const hash = recipeHash([baseId, JSON.stringify(app), sourceFilesHash(this.kit.root, app.hashInputs)], contextDir);
    if ((await this.docker.inspectImage(app.tag))?.Config.Labels?.[KIT_LABEL.hash] === hash) {
      return { key, action: 'up-to-date', variant: 'offline', reference: app.tag };
    }
    if (app.prepare) {
      options.log(`${key}: preparing build context (bundling the example apps)…`);
      await runScript('bash', [join(this.kit.root, app.prepare), contextDir], {
        cwd: this.kit.root,
        timeoutMs: options.scriptTimeoutMs ?? 15 * 60_000,
        onLine: (line) => options.log(`${key} | ${line}`),
      });
    }
    options.log(`${key}: building ${app.tag} FROM ${base.reference}…`);
    // The image's run env is also given as build arguments: a step that runs the image's code at
    // build (lab-apps makes its V8 code caches so) declares ARG NODE_OPTIONS to run as containers do.
    await this.build(key, contextDir, app.tag, { ...app.env, BASE: base.reference }, hash, options);
    return { key, action: 'built', variant: 'offline', reference: app.tag };
  }

  /** In auto mode a failed pull is not an error: it means "build offline". Asked once per run. */
  private async tryPull(key: string, reference: string, options: PrepareOptions): Promise<boolean> {
    if (this.registryUnreachable) return false;
    try {
      await this.pull(key, reference, options);
      return true;
    } catch (error) {
      this.registryUnreachable = reasonOf(error);
      options.log(`${key}: cannot pull ${reference} (${this.registryUnreachable}); using offline recipes`);
      return false;
    }
  }

  private async pull(key: string, reference: string, options: PrepareOptions): Promise<void> {
    options.log(`${key}: pulling ${reference}…`);
    let lastStatus = '';
    await this.docker.pullImage(reference, (event) => {
      const status = event.status ?? '';
      if (status && status !== lastStatus && !event.progress) options.log(`${key}: ${status}`);
      lastStatus = status;
    });
  }

  /**
   * The images a recipe is built FROM (its `from` build arguments), prepared first when this run has
   * not yet: argument → reference and image id. A runtime image is taken in its offline variant (the
   * recipe relies on what the offline recipe made); an app image as this mode builds it.
   */
  private async recipeInputs(
    entry: ImageEntry,
    options: PrepareOptions,
  ): Promise<Record<string, { reference: string; id: string }>> {
    const inputs: Record<string, { reference: string; id: string }> = {};
    for (const [argument, key] of Object.entries(entry.offline?.from ?? {})) {
      const mode: KitMode = key in this.kit.manifest.apps ? options.mode : 'offline';
      if (!this.prepared.has(key)) {
        const [result] = await this.prepareAll({ ...options, mode, only: [key] });
        if (result?.action === 'failed') throw new Error(`${key}, which it is built from, failed: ${result.detail}`);
      }
      const image = await new KitImageResolver(this.kit, this.docker, mode).resolve(key);
      const id = (await this.docker.inspectImage(image.reference))?.Id ?? image.reference;
      inputs[argument] = { reference: image.reference, id };
    }
    return inputs;
  }

  private async buildOffline(
    key: string,
    entry: ImageEntry,
    hash: string,
    from: Record<string, { reference: string }>,
    options: PrepareOptions,
  ) {
    const offline = entry.offline!;
    const inputs = Object.fromEntries(Object.entries(from).map(([argument, image]) => [argument, image.reference]));
    // A recipe built FROM other kit images does not need the debootstrap base.
    const base: Record<string, string> = Object.keys(inputs).length > 0 ? {} : { BASE: await this.ensureBase(options) };
    const contextDir = join(this.kit.root, offline.context);
    const timeoutMs = options.scriptTimeoutMs ?? 15 * 60_000;
    if (offline.prepare) {
      options.log(`${key}: preparing build context…`);
      await runScript('bash', [join(this.kit.root, offline.prepare), contextDir], {
        cwd: this.kit.root,
        timeoutMs,
        onLine: (line) => options.log(`${key} | ${line}`),
      });
    }
    options.log(`${key}: building ${offline.tag}…`);
    await this.build(key, contextDir, offline.tag, { ...offline.buildArgs, ...inputs, ...base }, hash, options);
  }

  private async build(
    key: string,
    contextDir: string,
    tag: string,
    buildArgs: Record<string, string>,
    hash: string,
    options: PrepareOptions,
  ): Promise<void> {
    await this.docker.buildImage(
      contextDir,
      contextFiles(contextDir, { includeIgnored: true }),
      { tag, buildArgs, labels: { [KIT_LABEL.kit]: 'true', [KIT_LABEL.key]: key, [KIT_LABEL.hash]: hash } },
      (event: ProgressEvent) => {
        const line = event.stream?.trimEnd();
        if (line && /^Step \d+\/\d+/.test(line)) options.log(`${key} | ${line}`);
      },
    );
  }

  /** The debootstrap base every offline recipe builds FROM; built once, rebuilt when its script changes. */
  private async ensureBase(options: PrepareOptions): Promise<string> {
    const { tag } = this.kit.manifest.base;
    const hash = this.hashOfBase();
    if ((await this.docker.inspectImage(tag))?.Config.Labels?.[KIT_LABEL.hash] === hash) return tag;
    options.log(`base: building ${tag} with debootstrap from the system's apt source (about a minute)…`);
    await runScript(
      'bash',
      [
        join(this.kit.root, this.kit.manifest.base.script),
        tag,
        `${KIT_LABEL.kit}=true`,
        `${KIT_LABEL.key}=base`,
        `${KIT_LABEL.hash}=${hash}`,
      ],
      {
        cwd: this.kit.root,
        timeoutMs: options.scriptTimeoutMs ?? 15 * 60_000,
        onLine: (line) => options.log(`base | ${line}`),
      },
    );
    return tag;
  }

  private hashOfBase(): string {
    this.baseHash ??= recipeHash([
      this.kit.manifest.base.tag,
      readFileSync(join(this.kit.root, this.kit.manifest.base.script), 'utf8'),
    ]);
    return this.baseHash;
  }

  /**
   * The recipe, its context, the base, and the ids of the images it is built FROM. Empty `from` and
   * `buildArgs` are left out, so a recipe without them hashes as before they existed (no rebuild).
   */
  private offlineHash(entry: ImageEntry, from: Record<string, { id: string }>): string {
    const offline = entry.offline!;
    const recipe = JSON.stringify(offline, (name: string, value: unknown) =>
      (name === 'from' || name === 'buildArgs') && Object.keys(value as object).length === 0 ? undefined : value,
    );
    const inputs = Object.entries(from).map(([argument, image]) => `${argument}=${image.id}`);
    return recipeHash([this.hashOfBase(), recipe, ...inputs], join(this.kit.root, offline.context));
  }
}
