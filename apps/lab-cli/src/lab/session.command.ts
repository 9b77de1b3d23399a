import { expectData } from '@lab/api-client';
import { Command, Option } from 'commander';
import { action, clientFor } from './context';
import { credentialsFile, removeCredentials, saveCredentials } from './credentials';
import { CliError, ExitCode } from './exit-codes';
import { readSecret } from './read-secret';

const DEFAULT_URL = 'http://127.0.0.1:3000';

/** `lab login` and `lab logout`: the token lives in a 0600 file of the user's config folder only. */
export function registerSessionCommands(program: Command): void {
  program
    .command('login')
    .description('store the API address and your token (read from stdin unless --token is given)')
    .option('--url <url>', 'the control API', DEFAULT_URL)
    .addOption(new Option('--token <token>', 'the token (prefer stdin: an argument lands in shell history)'))
    .action(
      action<{ url: string; token?: string }>(async (ctx, options) => {
        const url = parseUrl(options.url);
        const token = options.token ?? (await readSecret('Token: '));
        if (token === '') throw new CliError('no token given (pass it on stdin or with --token)', ExitCode.usage);
        // Checked before it is stored: a typo should fail now, not at the next command.
        await expectData(clientFor(url, token, 30_000).GET('/api/sandboxes'));
        const file = saveCredentials({ url, token });
        if (ctx.json) ctx.printJson({ url, credentials: file });
        else ctx.print(`Logged in to ${url} (token stored in ${file})`);
      }),
    );

  program
    .command('logout')
    .description('forget the stored token')
    .action(
      action(async (ctx) => {
        const removed = removeCredentials();
        if (ctx.json) ctx.printJson({ loggedOut: removed });
        else ctx.print(removed ? `Logged out (${credentialsFile()} removed)` : 'Not logged in');
      }),
    );
}

function parseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url.toString().replace(/\/+$/, '');
  } catch {
    throw new CliError(`--url must be an http(s) address, got "${value}"`, ExitCode.usage);
  }
}
