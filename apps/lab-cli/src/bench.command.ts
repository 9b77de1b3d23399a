import {
  BenchReport,
  classroomSuite,
  compareSuite,
  resetSuite,
  runtimeSuite,
  SuiteContext,
  writeReport,
} from '@lab/bench';
import { LabConfig } from '@lab/config';
import { loadImageKit } from '@lab/image-kit';
import { DockerClient } from '@lab/runtime';

/** Each suite gets the shared context; one that starts the control API also reads the lab's configuration. */
const suites: Record<
  string,
  (context: SuiteContext, config: LabConfig, options: BenchOptions) => Promise<BenchReport>
> = {
  runtime: runtimeSuite,
  reset: resetSuite,
  classroom: classroomSuite,
  compare: (context, config, options) =>
    compareSuite(context, {
      examplesDir: config.examplesDir,
      benchDir: config.benchDir,
      ...(options.workload ? { workloadFile: options.workload } : {}),
    }),
};

export interface BenchOptions {
  runs: number;
  /** `compare` only: the workload YAML (default: the compare example's bookstore mix). */
  workload?: string;
}

/** `npm run bench -- <suite> [--runs N] [--workload F]`: prints the Markdown report and writes JSON + Markdown. */
export async function benchCommand(config: LabConfig, suite: string, options: BenchOptions): Promise<number> {
  const { runs } = options;
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
      log: (line) => process.stderr.write(`[bench ${suite}] ${line}\n`),
    },
    config,
    options,
  );
  const { markdown, files } = writeReport(config.benchDir, report);
  process.stdout.write(`${markdown}\nwritten: ${files.join(', ')}\n`);
  return 0;
}
