import { LabConfig } from '@lab/config';
import { ImagePreparer, KitMode, loadImageKit } from '@lab/image-kit';
import { DockerClient } from '@lab/runtime';

/** `npm run images [keys…]`: make the kit's images available; non-zero exit if one is missing. */
export async function imagesCommand(config: LabConfig, keys: string[], mode: KitMode | undefined): Promise<number> {
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
  return failed.length > 0 ? 1 : 0;
}
