import { ImagePreparer, KIT_LABEL, loadImageKit } from '@lab/image-kit';
import { ImageNotAvailableError } from '@lab/runtime';
import { createTestLab } from '../support/lab-runtime';

describe('image kit on the real engine', () => {
  const lab = createTestLab();
  const kit = loadImageKit(lab.config.imageKitPath);

  it('has every image ready after `npm run images`, so a second prepare builds nothing', async () => {
    const lines: string[] = [];
    const results = await new ImagePreparer(kit, lab.docker).prepareAll({
      mode: lab.config.imageMode,
      log: (l) => lines.push(l),
    });
    for (const result of results) {
      if (result.key === 'mongo' && result.action === 'skipped') continue; // no offline MongoDB, said in the result
      expect([result.key, result.action]).toEqual([result.key, expect.stringMatching(/^(present|up-to-date)$/)]);
    }
    expect(lines.join('\n')).not.toMatch(/building/);
  });

  it('marks offline images with the content hash of their recipe', async () => {
    for (const [key, entry] of Object.entries(kit.manifest.images)) {
      if (!entry.offline) continue;
      const image = await lab.docker.inspectImage(entry.offline.tag);
      if (!image) continue; // the official variant is in use on this machine
      expect(image.Config.Labels?.[KIT_LABEL.key]).toBe(key);
      expect(image.Config.Labels?.[KIT_LABEL.hash]).toMatch(/^[0-9a-f]{20}$/);
    }
  });

  it('explains how to get an image that is not on the engine', async () => {
    const error = await lab.images.resolve('no-such-image').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNotAvailableError);
    expect((error as Error).message).toMatch(/not in the image kit/);
  });

  it('tells the offline mode why MongoDB is missing', async () => {
    if (
      lab.config.imageMode !== 'offline' &&
      (await lab.docker.inspectImage(kit.manifest.images.mongo!.official.reference))
    ) {
      console.warn('SKIPPED: the official mongo image is present, so nothing is missing');
      return;
    }
    const error = await lab.images.resolve('mongo').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/run `npm run images`.*Debian ships no MongoDB server/s);
  });
});
