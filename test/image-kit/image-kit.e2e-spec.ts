import { ImagePreparer, KIT_LABEL, loadImageKit } from '@lab/image-kit';
import { ImageNotAvailableError } from '@lab/runtime';
import { availability } from '../support/availability';
import { createTestLab } from '../support/lab-runtime';

const mongoImage = availability().mongoImage;
// Only the missing MongoDB image has something to explain; when it is here there is nothing to test.
const itWhenMongoIsMissing = mongoImage.kind === 'skip' ? it : it.skip;
const mongoPresentTitle = mongoImage.kind === 'skip' ? '' : ' (skipped: the mongo image is on this engine)';
// What a second prepare reports for each key: nothing is built; MongoDB, without an official image
// here, is "skipped" (it has no offline recipe) and says so in the result.
const READY = expect.stringMatching(/^(present|up-to-date)$/);
const mongoAction = mongoImage.kind === 'skip' ? 'skipped' : READY;

describe('image kit on the real engine', () => {
  const lab = createTestLab();
  const kit = loadImageKit(lab.config.imageKitPath);

  it('has every image ready after `npm run images`, so a second prepare builds nothing', async () => {
    const lines: string[] = [];
    const results = await new ImagePreparer(kit, lab.docker).prepareAll({
      mode: lab.config.imageMode,
      log: (l) => lines.push(l),
    });
    const keys = [...Object.keys(kit.manifest.images), ...Object.keys(kit.manifest.apps)];
    const expected = { ...Object.fromEntries(keys.map((key) => [key, READY])), mongo: mongoAction };
    expect(Object.fromEntries(results.map((result) => [result.key, result.action]))).toEqual(expected);
    expect(results).toHaveLength(keys.length);
    expect(lines.join('\n')).not.toMatch(/building/);
  });

  it('marks every offline image in use with the content hash of its recipe', async () => {
    // The images the resolver picks in this mode: an offline one must carry its recipe's hash.
    const keys = lab.images.allowedKeys().filter((key) => key !== 'mongo');
    const resolved = await Promise.all(keys.map((key) => lab.images.resolve(key)));
    const offline = resolved.filter((image) => image.variant === 'offline');
    expect(offline.map((image) => image.key)).toContain('lab-apps'); // always built here
    const labels = await Promise.all(
      offline.map(async (image) => {
        const found = await lab.docker.inspectImage(image.reference);
        return { key: image.key, labels: found!.Config.Labels };
      }),
    );
    expect(labels).toEqual(
      offline.map((image) => ({
        key: image.key,
        labels: expect.objectContaining({
          [KIT_LABEL.key]: image.key,
          [KIT_LABEL.hash]: expect.stringMatching(/^[0-9a-f]{20}$/),
        }),
      })),
    );
  });

  it('explains how to get an image that is not on the engine', async () => {
    const error = await lab.images.resolve('no-such-image').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNotAvailableError);
    expect((error as Error).message).toMatch(/not in the image kit/);
  });

  itWhenMongoIsMissing(`tells why MongoDB is missing${mongoPresentTitle}`, async () => {
    const error = await lab.images.resolve('mongo').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNotAvailableError);
    expect((error as Error).message).toMatch(/run `npm run images`.*Debian ships no MongoDB server/s);
  });
});
