import { LabConfig } from '@lab/config';
import { ImagePreparer, KitMode, loadImageKit } from '@lab/image-kit';
import { DockerClient } from '@lab/runtime';
import { writeFileSync } from 'node:fs';

/**
 * `npm run images [keys…]`: make the kit's images available; non-zero exit if one is missing.
 * With `recordFile`, the reference and id of each ready image are written there (bin/start.cjs
 * skips the next preparation while those images are still the same).
 */
export async function imagesCommand(
  config: LabConfig,
  keys: string[],
  mode: KitMode | undefined,
  recordFile?: string,
): Promise<number> {
  const kit = loadImageKit(config.imageKitPath);
  const docker = new DockerClient(config.docker);
  await docker.ping();
  const effectiveMode = mode ?? config.imageMode;
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[images] ${line}\n`);
  log(`mode ${effectiveMode}; ${keys.length ? keys.join(', ') : 'every image of the kit'}`);

  const results = await new ImagePreparer(kit, docker).prepareAll({
    mode: effectiveMode,
    only: keys.length ? keys : undefined,
    log,
  });
  const failed = results.filter((r) => r.action === 'failed');
  const skipped = results.filter((r) => r.action === 'skipped');
  log(
    `done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${results.length - failed.length - skipped.length} ready, ${skipped.length} skipped, ${failed.length} failed`,
  );
  if (failed.length > 0) return 1;
  if (recordFile) {
    const ready = results.flatMap((result) =>
      result.action !== 'skipped' && result.reference ? [result.reference] : [],
    );
    const images = await Promise.all(
      ready.map(async (reference) => ({ reference, id: (await docker.inspectImage(reference))?.Id })),
    );
    writeFileSync(recordFile, `${JSON.stringify(images)}\n`);
  }
  return 0;
}
