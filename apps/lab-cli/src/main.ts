import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { registerCompareCommands } from './lab/compare.command';
import { registerCompletionCommand } from './lab/completion.command';
import { registerConsoleCommands } from './lab/console.command';
import { ExitCode } from './lab/exit-codes';
import { registerSandboxCommands } from './lab/sandboxes.command';
import { registerSessionCommands } from './lab/session.command';
import { registerWorkshopCommands } from './lab/workshops.command';

const program = new Command('lab')
  .description('Backend Lab command line')
  .option('--json', 'stable machine output (JSON on stdout; errors as JSON on stderr)')
  .showHelpAfterError()
  // A usage error exits 2 (documented), not commander's default 1.
  .exitOverride();

registerSessionCommands(program);
registerSandboxCommands(program);
registerConsoleCommands(program);
registerWorkshopCommands(program);
registerCompareCommands(program);

// The image kit and benches load Docker and bench code: imported only when those commands run, so
// the student commands start fast.
program
  .command('images')
  .description('prepare the image kit: official images when present or pullable, else built offline')
  .argument('[keys...]', 'only these images (default: all)')
  .addOption(new Option('--mode <mode>', 'override LAB_IMAGE_MODE').choices(['auto', 'official', 'offline']))
  .option('--record <file>', 'write the reference and id of each ready image there (JSON; npm start reuses it)')
  .action(async (keys: string[], options: { mode?: 'auto' | 'official' | 'offline'; record?: string }) => {
    const [{ loadLabConfig }, { imagesCommand }] = await Promise.all([
      import('@lab/config'),
      import('./images.command'),
    ]);
    process.exitCode = await imagesCommand(loadLabConfig(), keys, options.mode, options.record);
  });

program
  .command('bench')
  .description('run a benchmark suite and write JSON + Markdown reports')
  .argument('<suite>', 'suite name, e.g. runtime')
  .option('--runs <n>', 'measured runs per variant', positiveInt, 10)
  .addOption(
    new Option('--runtime <runtime>', 'runtime suite: the Swarm adapter against the Docker adapter').choices([
      'docker',
      'swarm',
    ]),
  )
  .option('--workload <file>', 'compare: the workload YAML (default examples/compare/workloads/bookstore.yaml)')
  .action(async (suite: string, options: { runs: number; runtime?: 'docker' | 'swarm'; workload?: string }) => {
    const [{ loadLabConfig }, { benchCommand }] = await Promise.all([import('@lab/config'), import('./bench.command')]);
    process.exitCode = await benchCommand(loadLabConfig(), suite, options);
  });

program
  .command('screenshots')
  .description('a PNG of each page of the web app in docs/screenshots/ (a control API of its own, Chromium)')
  .argument('[pages...]', 'only these pages (default: all)')
  .action(async (pages: string[]) => {
    const [{ loadLabConfig }, { screenshotsCommand }] = await Promise.all([
      import('@lab/config'),
      import('./screenshots/screenshots.command'),
    ]);
    process.exitCode = await screenshotsCommand(loadLabConfig(), pages, (line) =>
      process.stderr.write(`[screenshots] ${line}\n`),
    );
  });

program
  .command('build')
  .description('build what `npm start` runs (control API bundle, web app), each only when its inputs changed')
  .option('--force', 'build even when the inputs are unchanged')
  .action(async (options: { force?: boolean }) => {
    const { buildCommand } = await import('./build/build.command');
    process.exitCode = buildCommand(process.cwd(), options.force ?? false, (line) =>
      process.stderr.write(`[build] ${line}\n`),
    );
  });

program
  .command('bundle-apps')
  .description('build context of the lab-apps image: the example apps bundled, with their run-time packages')
  .argument('<contextDir>', 'the build context folder')
  .action(async (contextDir: string) => {
    const { bundleAppsCommand } = await import('./bundle-apps.command');
    process.exitCode = await bundleAppsCommand(contextDir, (line) => process.stderr.write(`[bundle-apps] ${line}\n`));
  });

program
  .command('check-install-scripts')
  .description("fail when a locked package's install script is neither approved nor denied in allowScripts")
  .action(async () => {
    const { checkInstallScriptsCommand } = await import('./install-scripts.command');
    process.exitCode = checkInstallScriptsCommand(process.cwd(), (line) => process.stderr.write(`${line}\n`));
  });

// Last, so it sees every command above.
registerCompletionCommand(program);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

program.parseAsync().catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Help and version are not errors; anything else commander rejects is a usage error.
    process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    return;
  }
  process.stderr.write(`lab: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = ExitCode.error;
});
