import {
  apiSuite,
  BenchReport,
  classroomSuite,
  compareSuite,
  launchSuite,
  resetSuite,
  runtimeSuite,
  SuiteContext,
  writeReport,
} from '@lab/bench';
import { LabConfig } from '@lab/config';
import { loadImageKit } from '@lab/image-kit';
import { DockerClient } from '@lab/runtime';
import { startSuite } from './start/start.bench';
import { webSuite } from './web/web.bench';
import { Logger, LoggerService } from '@nestjs/common';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The libraries' Nest log lines (the runtime's "removed …") go to a file: the screen shows the report only. */
class FileLogger implements LoggerService {
  constructor(private readonly file: string) {}
  private write(level: string, message: unknown, context: unknown[]): void {
    const where = typeof context.at(-1) === 'string' ? ` [${String(context.at(-1))}]` : '';
    appendFileSync(this.file, `${new Date().toISOString()} ${level}${where} ${String(message)}\n`);
  }
  log(message: unknown, ...context: unknown[]) {
    this.write('log', message, context);
  }
  error(message: unknown, ...context: unknown[]) {
    this.write('error', message, context);
  }
  warn(message: unknown, ...context: unknown[]) {
    this.write('warn', message, context);
  }
}

/** Each suite gets the shared context; one that starts the control API also reads the lab's configuration. */
const suites: Record<
  string,
  (context: SuiteContext, config: LabConfig, options: BenchOptions) => Promise<BenchReport>
> = {
  runtime: runtimeSuite,
  reset: resetSuite,
  classroom: (context, config) => classroomSuite(context, config),
  // Only the class of 30 (issue 15's seats/min and memory per idle seat): minutes, not a quarter hour.
  'classroom-30': (context, config) => classroomSuite(context, config, { scope: 'class-of-30' }),
  web: webSuite,
  launch: launchSuite,
  api: apiSuite,
  start: startSuite,
  compare: (context, config, options) =>
    compareSuite(context, {
      examplesDir: config.examplesDir,
      benchDir: config.benchDir,
      ...(options.workload ? { workloadFile: options.workload } : {}),
    }),
  // The harness's own overhead only (PostgreSQL alone, no comparison): quicker to repeat.
  'compare-overhead': (context, config, options) =>
    compareSuite(context, {
      examplesDir: config.examplesDir,
      benchDir: config.benchDir,
      overheadOnly: true,
      ...(options.workload ? { workloadFile: options.workload } : {}),
    }),
};

export interface BenchOptions {
  runs: number;
  /** `runtime` only: the adapter measured against the Docker adapter. */
  runtime?: 'docker' | 'swarm';
  /** `compare` only: the workload YAML (default: the compare example's bookstore mix). */
  workload?: string;
}

/** `npm run bench -- <suite> [--runs N] [--runtime R] [--workload F]`: prints the Markdown report and writes JSON + Markdown. */
export async function benchCommand(config: LabConfig, suite: string, options: BenchOptions): Promise<number> {
  const { runs } = options;
  const runtime = options.runtime ?? 'docker';
  const run = suites[suite];
  if (!run) {
    process.stderr.write(`unknown suite "${suite}"; known: ${Object.keys(suites).join(', ')}\n`);
    return 2;
  }
  mkdirSync(config.benchDir, { recursive: true });
  const logFile = join(config.benchDir, `${suite}-bench-process.log`);
  Logger.overrideLogger(new FileLogger(logFile));
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
    options,
  );
  const { markdown, files } = writeReport(config.benchDir, report);
  process.stdout.write(`${markdown}\nwritten: ${files.join(', ')}\nlog of this process: ${logFile}\n`);
  return 0;
}
