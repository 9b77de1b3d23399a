import type { LabConfig } from '@lab/config';
import { checkEgressPolicy, EgressPolicyCheck } from '@lab/runtime';

/** Why the control API will not start; main.ts prints it and exits with a failure. */
export class EgressPolicyMissingError extends Error {}

/**
 * Sandboxes are only isolated while the host's network policy is in place (docker/egress.sh);
 * without it a sandbox shell reaches the host, the LAN, the internet and the cloud metadata
 * address. The rules are read once per start (one `iptables -S`, ≈20 ms, before Nest starts): a
 * rule list, not a probe container, because only a rule list also proves the FORWARD path without
 * sending a single packet off the machine. LAB_EGRESS=open runs without it, loudly.
 * @returns the warning to show when the check was skipped on purpose
 */
export async function assertEgressPolicy(
  config: Pick<LabConfig, 'egress'>,
  check: () => Promise<EgressPolicyCheck> = () => checkEgressPolicy(),
): Promise<string | undefined> {
  if (config.egress === 'open') {
    return (
      'LAB_EGRESS=open: the sandbox network policy is NOT checked. Sandboxes may reach this host ' +
      '(the control API, the Docker engine), the LAN, the internet and 169.254.169.254. Use only on a machine of its own.'
    );
  }
  const result = await check();
  if (result.ok) return undefined;
  throw new EgressPolicyMissingError(
    [
      'The sandbox network policy is missing, so sandboxes could reach this host, the LAN, the internet and 169.254.169.254:',
      ...result.problems.map((problem) => `  - ${problem}`),
      'Install it as root with `bash docker/egress.sh` (npm start and npm test do so through docker/engine.sh),',
      'or set LAB_EGRESS=open to run without it on purpose.',
    ].join('\n'),
  );
}
