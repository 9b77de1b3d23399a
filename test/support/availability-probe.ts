import { loadLabConfig } from '@lab/config';
import { KitImageResolver, loadImageKit } from '@lab/image-kit';
import { DockerClient } from '@lab/runtime';
import { decideMongoSource, MongoSource } from './availability-decision';
import { swarmAvailability } from './test-swarm';

/** For tests of the image itself, the reason says nothing of MONGO_URL. */
function imageOnly(source: MongoSource): MongoSource {
  return source.kind === 'skip' ? { kind: 'skip', reason: 'the mongo image is not on this engine' } : source;
}

// Run by availability.ts in a child process (tsx): it prints what this machine offers as one JSON
// line, or exits non-zero on any error other than a named missing thing.
async function main(): Promise<void> {
  const config = loadLabConfig();
  const docker = new DockerClient(config.docker);
  const images = new KitImageResolver(loadImageKit(config.imageKitPath), docker, config.imageMode);
  const lookup = await images.resolve('mongo').then(
    () => ({}),
    (error: unknown) => ({ error }),
  );
  const answer = {
    mongo: decideMongoSource(config.mongoUrl, lookup),
    mongoImage: imageOnly(decideMongoSource(undefined, lookup)),
    swarm: await swarmAvailability(docker),
  };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
