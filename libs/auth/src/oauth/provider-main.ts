import { readFileSync } from 'node:fs';
import { startOidcProvider, type OidcProviderConfig } from './oidc-provider-server';

/**
 * Entry point for running the provider as its own process (a sandbox container, or a test's child
 * process): `provider-main <config.json>`, or the JSON on standard input when no path is given.
 * Prints one line `{"issuer": ..., "port": ...}` once it accepts requests; stops on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const path = process.argv[2];
  const config = JSON.parse(readFileSync(path ?? 0, 'utf8')) as OidcProviderConfig;
  const running = await startOidcProvider(config);
  process.stdout.write(`${JSON.stringify({ issuer: running.issuer, port: running.port })}\n`);
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
