import { loadCatalog } from '@lab/catalog';
import { KitImageResolver, loadImageKit } from '@lab/image-kit';
import { DockerCallError, DockerSandboxRuntime, ImageNotAvailableError, ProvisionError } from '@lab/runtime';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { probeAvailability } from '../support/availability';
import { decideMongoSource } from '../support/availability-decision';
import { createTestLab } from '../support/lab-runtime';
import { launchExample } from '../examples/support/launch-example';

// A green run must mean the tests ran: only a named missing thing (no MongoDB) is a skip, and it is
// counted as one. Proved here without touching the shared images: a private, absent tag stands for
// a deleted image.
const lab = createTestLab();
const kit = loadImageKit(lab.config.imageKitPath);
const absentTag = (name: string) => `backend-lab/${name}:absent-${randomBytes(4).toString('hex')}`;

afterAll(() => lab.reap());

describe('where the MongoDB tests get a server (decideMongoSource)', () => {
  const missingMongo = new ImageNotAvailableError('mongo', 'mongo:7 is not on this Docker engine');

  it('uses MONGO_URL when it is set, whatever the image lookup said', () => {
    expect(decideMongoSource('mongodb://db:27017/?replicaSet=rs0', { error: missingMongo })).toEqual({
      kind: 'url',
      url: 'mongodb://db:27017/?replicaSet=rs0',
    });
  });

  it('provisions the kit image when it resolves', () => {
    expect(decideMongoSource(undefined, {})).toEqual({ kind: 'image' });
  });

  it('skips, naming why, only when the mongo image is not available', () => {
    expect(decideMongoSource(undefined, { error: missingMongo })).toEqual({
      kind: 'skip',
      reason: expect.stringMatching(/MONGO_URL is unset and the mongo image is not on this engine/),
    });
  });

  it('throws every other error: an engine error, or another image missing', () => {
    const engineDown = new DockerCallError('inspect image', undefined, 'connect ENOENT /nowhere.sock');
    expect(() => decideMongoSource(undefined, { error: engineDown })).toThrow(engineDown);
    const otherImage = new ImageNotAvailableError('lab-apps', 'not on this engine');
    expect(() => decideMongoSource(undefined, { error: otherImage })).toThrow(otherImage);
  });
});

describe('the availability probe on the real engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-skips-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the kit whose official mongo reference is a tag that exists nowhere. */
  const kitWithoutMongo = (): string => {
    const manifest = structuredClone(kit.manifest);
    manifest.images.mongo!.official!.reference = absentTag('mongo');
    const path = join(dir, 'images.yaml');
    writeFileSync(path, stringify(manifest));
    return path;
  };
  const baseEnv = { LAB_IMAGE_MODE: lab.config.imageMode };

  it('answers a skip with its reason when the mongo image is absent and MONGO_URL unset', () => {
    const answer = probeAvailability({ ...baseEnv, LAB_IMAGE_KIT: kitWithoutMongo() });
    expect(answer.mongo).toEqual({ kind: 'skip', reason: expect.stringContaining('mongo image') });
    // Suites that test the image itself skip for the image alone: MONGO_URL cannot stand in for it.
    expect(answer.mongoImage).toEqual({ kind: 'skip', reason: 'the mongo image is not on this engine' });
  });

  it('fails, never skips, when the engine does not answer', () => {
    const env = { ...baseEnv, LAB_IMAGE_KIT: resolve(lab.config.imageKitPath), DOCKER_SOCKET: join(dir, 'dead.sock') };
    expect(() => probeAvailability(env)).toThrow(/cannot tell what this machine offers the tests: .*dead\.sock/s);
  });
});

describe('a deleted lab-apps image', () => {
  it('makes an example launch fail (the lab tests go red, they are not skipped)', async () => {
    const manifest = structuredClone(kit.manifest);
    manifest.apps['lab-apps']!.tag = absentTag('lab-apps');
    const images = new KitImageResolver({ ...kit, manifest }, lab.docker, lab.config.imageMode);
    await expect(images.resolve('lab-apps')).rejects.toBeInstanceOf(ImageNotAvailableError);

    const example = loadCatalog('examples', images.allowedKeys()).examples.find((e) => e.name === 'caching')!;
    const runtime = new DockerSandboxRuntime(lab.docker, images);
    const launch = launchExample({ ...lab, images, runtime }, example);
    await expect(launch).rejects.toBeInstanceOf(ProvisionError);
    await expect(launch).rejects.toThrow(/image "lab-apps" is not available/);
    expect(await lab.leftovers(lab.sandboxId('caching'))).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
