import { BenchReport, classroomSuite, resetSuite, runtimeSuite, SuiteContext, writeReport } from '@lab/bench';
import { LabConfig } from '@lab/config';
import { loadImageKit } from '@lab/image-kit';
import { DockerClient } from '@lab/runtime';
import { webSuite } from './web/web.bench';

/** Each suite gets the shared context; one that starts the control API also reads the lab's configuration. */
const suites: Record<string, (context: SuiteContext, config: LabConfig) => Promise<BenchReport>> = {
  runtime: runtimeSuite,
  reset: resetSuite,
  classroom: classroomSuite,
  web: webSuite,
};

/** `npm run bench -- <suite> [--runs N]`: prints the Markdown report and writes JSON + Markdown. */
export async function benchCommand(
  config: LabConfig,
  suite: string,
  runs: number,
  runtime: 'docker' | 'swarm' = 'docker',
): Promise<number> {
  const run = suites[suite];
  if (!run) {
    process.stderr.write(`unknown suite "${suite}"; known: ${Object.keys(suites).join(', ')}\n`);
    return 2;
  }
  const docker = new DockerClient(config.docker);
  await docker.ping();
  const report = await run(
    {
      docker,
      kit: loadImageKit(config.imageKitPath),
      imageMode: config.imageMode,
      runs,
      runtime,
      log: (line) => process.stderr.write(`[bench ${suite}] ${line}\n`),
    },
    config,
  );
  const { markdown, files } = writeReport(config.benchDir, report);
  process.stdout.write(`${markdown}\nwritten: ${files.join(', ')}\n`);
  return 0;
}
