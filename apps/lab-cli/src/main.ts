import { loadLabConfig } from '@lab/config';
import { Command, InvalidArgumentError, Option } from 'commander';
import { benchCommand } from './bench.command';
import { bundleAppsCommand } from './bundle-apps.command';
import { imagesCommand } from './images.command';
import { checkInstallScriptsCommand } from './install-scripts.command';

const program = new Command('lab').description('Backend Lab command line');

program
  .command('images')
  .description('prepare the image kit: official images when present or pullable, else built offline')
  .argument('[keys...]', 'only these images (default: all)')
  .addOption(new Option('--mode <mode>', 'override LAB_IMAGE_MODE').choices(['auto', 'official', 'offline']))
  .action(async (keys: string[], options: { mode?: 'auto' | 'official' | 'offline' }) => {
    process.exitCode = await imagesCommand(loadLabConfig(), keys, options.mode);
  });

program
  .command('bench')
  .description('run a benchmark suite and write JSON + Markdown reports')
  .argument('<suite>', 'suite name, e.g. runtime')
  .option('--runs <n>', 'measured runs per variant', positiveInt, 10)
  .action(async (suite: string, options: { runs: number }) => {
    process.exitCode = await benchCommand(loadLabConfig(), suite, options.runs);
  });

program
  .command('bundle-apps')
  .description('build context of the lab-apps image: the example apps bundled, with their run-time packages')
  .argument('<contextDir>', 'the build context folder')
  .action((contextDir: string) => {
    process.exitCode = bundleAppsCommand(contextDir, (line) => process.stderr.write(`[bundle-apps] ${line}\n`));
  });

program
  .command('check-install-scripts')
  .description("fail when a locked package's install script is neither approved nor denied in allowScripts")
  .action(() => {
    process.exitCode = checkInstallScriptsCommand(process.cwd(), (line) => process.stderr.write(`${line}\n`));
  });

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`lab: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
