import { startOidcProvider } from '@lab/auth';
import { loadProviderConfig } from './config';

/**
 * The `provider` service of the auth example: an OpenID provider (oidc-provider, loaded with
 * `import()` at run time) with login and consent pages. Prints one JSON line once it listens
 * (`{"issuer", "port"}`), stops on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const running = await startOidcProvider(loadProviderConfig());
  process.stdout.write(`${JSON.stringify({ issuer: running.issuer, port: running.port })}\n`);
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
