import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BRIDGE_PREFIX } from './network-options';

/**
 * The host side of the Docker adapter's network policy, as `docker/egress.sh` installs it: what the
 * filter table must contain for sandbox bridges (`lab-…`, `labx-…`) to reach nothing but their own
 * sandbox. Keep the two in step: test/isolation proves that the script's rules pass this check.
 */
export const EGRESS_CHAINS = { forward: 'LAB-EGRESS', input: 'LAB-EGRESS-IN' } as const;

const isolated = `${BRIDGE_PREFIX.isolated}+`;
const egress = `${BRIDGE_PREFIX.egress}+`;
const NOT_PUBLIC = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '127.0.0.0/8',
  '0.0.0.0/8',
  '224.0.0.0/4',
  '240.0.0.0/4',
];

function expectedRules(): Record<string, string[]> {
  const f = EGRESS_CHAINS.forward;
  const i = EGRESS_CHAINS.input;
  const replies = '-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN';
  return {
    [f]: [
      `-A ${f} -i ${isolated} ${replies}`,
      `-A ${f} -i ${isolated} -o ${isolated} -j RETURN`,
      `-A ${f} -i ${isolated} -j DROP`,
      `-A ${f} -i ${egress} ${replies}`,
      `-A ${f} -i ${egress} -o ${egress} -j RETURN`,
      `-A ${f} -i ${egress} -p udp -m udp --dport 53 -j RETURN`,
      `-A ${f} -i ${egress} -p tcp -m tcp --dport 53 -j RETURN`,
      ...NOT_PUBLIC.map((range) => `-A ${f} -i ${egress} -d ${range} -j DROP`),
    ],
    [i]: [
      `-A ${i} -i ${isolated} ${replies}`,
      `-A ${i} -i ${isolated} -j DROP`,
      `-A ${i} -i ${egress} ${replies}`,
      `-A ${i} -i ${egress} -j DROP`,
    ],
  };
}

/**
 * One rule in a comparable form: iptables prints options in its own order (`-d` before `-i`), so
 * compare option/value groups regardless of order.
 */
function canonical(rule: string): string {
  const groups: string[] = [];
  for (const token of rule.trim().split(/\s+/)) {
    if (token.startsWith('-') && !/^-\d/.test(token)) groups.push(token);
    else groups[groups.length - 1] = `${groups[groups.length - 1] ?? ''} ${token}`;
  }
  return groups.sort().join(' ');
}

function rulesOf(ruleset: string[], chain: string): string[] {
  return ruleset.filter((line) => line.startsWith(`-A ${chain} `));
}

/**
 * What is missing from the filter table (`iptables -S` output) for the policy to hold; empty when
 * it is in place. Pure, so every way of breaking it is unit-tested.
 */
export function egressPolicyProblems(iptablesS: string): string[] {
  const lines = iptablesS.split('\n').map((l) => l.trim());
  const problems: string[] = [];
  const firstRule = (chain: string, jump: string, why: string) => {
    const first = rulesOf(lines, chain)[0];
    if (first !== `-A ${chain} -j ${jump}`) {
      problems.push(`the first rule of ${chain} is ${first ? `"${first}"` : 'missing'}, not "-j ${jump}" (${why})`);
    }
  };
  // Docker re-inserts its isolation jump, then its DOCKER-USER jump, at the top of FORWARD when it
  // creates a network: between the two the isolation jump (which never accepts) may come first.
  const isolationJump = '-A FORWARD -j DOCKER-ISOLATION-STAGE-1';
  const forward = rulesOf(lines, 'FORWARD');
  const userJump = forward.indexOf('-A FORWARD -j DOCKER-USER');
  const ahead = forward.slice(0, Math.max(userJump, 0)).find((rule) => rule !== isolationJump);
  if (userJump < 0) {
    problems.push('FORWARD does not jump to DOCKER-USER (is the engine running with its iptables integration?)');
  } else if (ahead) {
    problems.push(`FORWARD passes "${ahead}" before DOCKER-USER`);
  }
  firstRule('DOCKER-USER', EGRESS_CHAINS.forward, 'sandbox → other hosts');
  firstRule('INPUT', EGRESS_CHAINS.input, 'sandbox → this host');
  for (const [chain, expected] of Object.entries(expectedRules())) {
    if (!lines.includes(`-N ${chain}`)) {
      problems.push(`the chain ${chain} does not exist`);
      continue;
    }
    const actual = rulesOf(lines, chain).map(canonical);
    if (actual.join('\n') !== expected.map(canonical).join('\n')) {
      problems.push(`the chain ${chain} does not hold the expected ${expected.length} rules`);
    }
  }
  return problems;
}

const IPTABLES_PATHS = ['/usr/sbin/iptables', '/sbin/iptables', '/usr/bin/iptables', '/bin/iptables'];

/** The filter table as `iptables -S` prints it (needs root: it is read through netfilter). */
export function readFilterRules(timeoutMs = 5_000): Promise<string> {
  const binary = IPTABLES_PATHS.find((path) => existsSync(path));
  if (!binary) return Promise.reject(new Error('iptables is not installed'));
  return new Promise((resolve, reject) => {
    execFile(binary, ['-w', '5', '-S'], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${binary} -S failed: ${(stderr || error.message).trim().split('\n')[0]}`));
      else resolve(stdout);
    });
  });
}

export type EgressPolicyCheck = { ok: true } | { ok: false; problems: string[] };

/** Reads the host's rules and says whether the sandbox network policy is in place. */
export async function checkEgressPolicy(
  read: () => Promise<string> = () => readFilterRules(),
  options: { attempts?: number; retryDelayMs?: number } = {},
): Promise<EgressPolicyCheck> {
  const attempts = options.attempts ?? 3;
  let problems: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    let rules: string;
    try {
      rules = await read();
    } catch (error) {
      return { ok: false, problems: [`cannot read the firewall rules: ${(error as Error).message}`] };
    }
    problems = egressPolicyProblems(rules);
    if (problems.length === 0) return { ok: true };
    // Docker rewrites FORWARD's first rules (delete, then insert) whenever it creates a network;
    // a read in that instant sees a jump missing. Only a state that lasts is a missing policy.
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 250));
  }
  return { ok: false, problems };
}
