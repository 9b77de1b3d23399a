import type { DockerClient } from '@lab/runtime';
import { imageKitSchema, ImageKit } from './image-kit.schema';
import { KitImageResolver } from './kit-image-resolver';

/** A kit with one upstream image and one recipe-only image (as the toolbox). */
const kit: ImageKit = {
  root: '/kit',
  manifest: imageKitSchema.parse({
    base: { tag: 'backend-lab/base:bookworm', script: 'base.sh' },
    images: {
      redis: {
        port: 6379,
        official: { reference: 'redis:7-alpine', user: '999:1000' },
        offline: { tag: 'backend-lab/redis:7-bookworm', context: 'offline/redis', user: '999:999' },
      },
      toolbox: {
        offline: { tag: 'backend-lab/toolbox:bookworm', context: 'offline/toolbox', user: '1000:1000' },
        tmpfs: { '/home/student': { size: '16m' } },
      },
    },
  }),
};

/** An engine that has exactly these image references. */
function engineWith(...present: string[]): DockerClient {
  return {
    inspectImage: (reference: string) => Promise.resolve(present.includes(reference) ? { Id: reference } : undefined),
  } as unknown as DockerClient;
}

describe('KitImageResolver', () => {
  it.each(['official', 'auto', 'offline'] as const)(
    'resolves an image without an upstream reference to its recipe in %s mode',
    async (mode) => {
      const resolver = new KitImageResolver(kit, engineWith('backend-lab/toolbox:bookworm'), mode);
      await expect(resolver.resolve('toolbox')).resolves.toMatchObject({
        variant: 'offline',
        reference: 'backend-lab/toolbox:bookworm',
        user: '1000:1000',
        tmpfs: { '/home/student': 'rw,nosuid,nodev,size=16m,uid=1000,gid=1000' },
      });
    },
  );

  it('still takes the official image of an upstream entry in official mode', async () => {
    const resolver = new KitImageResolver(
      kit,
      engineWith('redis:7-alpine', 'backend-lab/redis:7-bookworm'),
      'official',
    );
    await expect(resolver.resolve('redis')).resolves.toMatchObject({
      variant: 'official',
      reference: 'redis:7-alpine',
    });
  });

  it('rejects an entry with neither an official image nor a recipe', () => {
    const parsed = imageKitSchema.safeParse({
      base: { tag: 'b', script: 's' },
      images: { empty: { offlineUnavailable: 'nothing' } },
    });
    expect(parsed.error?.issues.map((issue) => issue.message)).toContain(
      'needs an official image or an offline recipe',
    );
  });
});
