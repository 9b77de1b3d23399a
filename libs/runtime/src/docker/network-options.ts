import { createHash } from 'node:crypto';
import { SandboxSpec } from '../sandbox-spec/sandbox-spec.schema';

/**
 * The Linux bridge of a sandbox network gets a name the host's network policy recognises
 * (`docker/egress.sh`: iptables rules on `lab-+` and `labx-+`): Docker's own `br-<id>` names
 * cannot be told apart from any other Docker network's.
 */
export const BRIDGE_PREFIX = {
  /** Reaches only its own sandbox's services. */
  isolated: 'lab-',
  /** An example that asked for `egress: internet`: public addresses too, still never the host. */
  egress: 'labx-',
} as const;

/** Docker's option that names the bridge interface. */
export const BRIDGE_NAME_OPTION = 'com.docker.network.bridge.name';

/** Linux interface names have at most 15 characters (IFNAMSIZ − 1). */
const IFNAME_MAX = 15;

/**
 * Deterministic (an adoption after a crash expects the same name) and short: a sandbox id has up
 * to 40 characters, so the name carries a hash of it (40+ bits; a clash fails that launch).
 */
export function sandboxBridgeName(sandboxId: string, egress: SandboxSpec['egress']): string {
  const prefix = egress === 'internet' ? BRIDGE_PREFIX.egress : BRIDGE_PREFIX.isolated;
  const hash = createHash('sha256').update(sandboxId).digest('hex');
  return prefix + hash.slice(0, IFNAME_MAX - prefix.length);
}
