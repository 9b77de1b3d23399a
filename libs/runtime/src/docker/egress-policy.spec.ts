import { checkEgressPolicy, egressPolicyProblems } from './egress-policy';

/** `iptables -S` on an engine host after `docker/egress.sh` (iptables 1.8.9, nf_tables). */
const INSTALLED = `-P INPUT ACCEPT
-P FORWARD DROP
-P OUTPUT ACCEPT
-N DOCKER
-N DOCKER-ISOLATION-STAGE-1
-N DOCKER-ISOLATION-STAGE-2
-N DOCKER-USER
-N LAB-EGRESS
-N LAB-EGRESS-IN
-A INPUT -j LAB-EGRESS-IN
-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -i docker0 -o docker0 -j ACCEPT
-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
-A DOCKER-ISOLATION-STAGE-2 -j RETURN
-A DOCKER-USER -j LAB-EGRESS
-A DOCKER-USER -j RETURN
-A LAB-EGRESS -i lab-+ -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
-A LAB-EGRESS -i lab-+ -o lab-+ -j RETURN
-A LAB-EGRESS -i lab-+ -j DROP
-A LAB-EGRESS -i labx-+ -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
-A LAB-EGRESS -i labx-+ -o labx-+ -j RETURN
-A LAB-EGRESS -i labx-+ -p udp -m udp --dport 53 -j RETURN
-A LAB-EGRESS -i labx-+ -p tcp -m tcp --dport 53 -j RETURN
-A LAB-EGRESS -d 10.0.0.0/8 -i labx-+ -j DROP
-A LAB-EGRESS -d 172.16.0.0/12 -i labx-+ -j DROP
-A LAB-EGRESS -d 192.168.0.0/16 -i labx-+ -j DROP
-A LAB-EGRESS -d 100.64.0.0/10 -i labx-+ -j DROP
-A LAB-EGRESS -d 169.254.0.0/16 -i labx-+ -j DROP
-A LAB-EGRESS -d 127.0.0.0/8 -i labx-+ -j DROP
-A LAB-EGRESS -d 0.0.0.0/8 -i labx-+ -j DROP
-A LAB-EGRESS -d 224.0.0.0/4 -i labx-+ -j DROP
-A LAB-EGRESS -d 240.0.0.0/4 -i labx-+ -j DROP
-A LAB-EGRESS-IN -i lab-+ -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
-A LAB-EGRESS-IN -i lab-+ -j DROP
-A LAB-EGRESS-IN -i labx-+ -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
-A LAB-EGRESS-IN -i labx-+ -j DROP`;

function without(rule: string): string {
  return INSTALLED.split('\n')
    .filter((line) => line !== rule)
    .join('\n');
}

describe('egressPolicyProblems', () => {
  it('finds nothing missing in the rules docker/egress.sh installs', () => {
    expect(egressPolicyProblems(INSTALLED)).toEqual([]);
  });

  it('does not care in which order iptables prints the options of a rule', () => {
    const reordered = INSTALLED.replace(
      '-A LAB-EGRESS -d 10.0.0.0/8 -i labx-+ -j DROP',
      '-A LAB-EGRESS -i labx-+ -d 10.0.0.0/8 -j DROP',
    );
    expect(egressPolicyProblems(reordered)).toEqual([]);
  });

  it("accepts Docker's isolation jump ahead of DOCKER-USER (the order while Docker adds a network)", () => {
    const midway = INSTALLED.replace(
      '-A FORWARD -j DOCKER-USER\n-A FORWARD -j DOCKER-ISOLATION-STAGE-1',
      '-A FORWARD -j DOCKER-ISOLATION-STAGE-1\n-A FORWARD -j DOCKER-USER',
    );
    expect(midway).not.toBe(INSTALLED);
    expect(egressPolicyProblems(midway)).toEqual([]);
  });

  it('reports a rule that could accept ahead of DOCKER-USER', () => {
    const early = INSTALLED.replace('-A FORWARD -j DOCKER-USER', '-A FORWARD -j ACCEPT\n-A FORWARD -j DOCKER-USER');
    expect(egressPolicyProblems(early)).toEqual(['FORWARD passes "-A FORWARD -j ACCEPT" before DOCKER-USER']);
  });

  it('reports an empty filter table (a fresh network namespace, a reboot, a flush)', () => {
    expect(egressPolicyProblems('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n')).toEqual([
      expect.stringMatching(/FORWARD does not jump to DOCKER-USER/),
      expect.stringMatching(/first rule of DOCKER-USER is missing/),
      expect.stringMatching(/first rule of INPUT is missing/),
      'the chain LAB-EGRESS does not exist',
      'the chain LAB-EGRESS-IN does not exist',
    ]);
  });

  it('reports a missing jump from INPUT (sandboxes would reach this host)', () => {
    expect(egressPolicyProblems(without('-A INPUT -j LAB-EGRESS-IN'))).toEqual([
      expect.stringMatching(/first rule of INPUT is missing, not "-j LAB-EGRESS-IN"/),
    ]);
  });

  it('reports a jump from DOCKER-USER that comes after another rule', () => {
    const late = INSTALLED.replace(
      '-A DOCKER-USER -j LAB-EGRESS',
      '-A DOCKER-USER -i lab-+ -j ACCEPT\n-A DOCKER-USER -j LAB-EGRESS',
    );
    expect(egressPolicyProblems(late)).toEqual([
      expect.stringMatching(/first rule of DOCKER-USER is "-A DOCKER-USER -i lab-\+ -j ACCEPT"/),
    ]);
  });

  it('reports a chain with a rule missing or one too many', () => {
    expect(egressPolicyProblems(without('-A LAB-EGRESS -i lab-+ -j DROP'))).toEqual([
      'the chain LAB-EGRESS does not hold the expected 16 rules',
    ]);
    const extra = INSTALLED.replace(
      '-A LAB-EGRESS-IN -i lab-+ -j DROP',
      '-A LAB-EGRESS-IN -i lab-+ -p tcp -j ACCEPT\n-A LAB-EGRESS-IN -i lab-+ -j DROP',
    );
    expect(egressPolicyProblems(extra)).toEqual(['the chain LAB-EGRESS-IN does not hold the expected 4 rules']);
  });
});

describe('checkEgressPolicy', () => {
  it('passes with the installed rules', async () => {
    await expect(checkEgressPolicy(() => Promise.resolve(INSTALLED))).resolves.toEqual({ ok: true });
  });

  it('reads again before failing: a rule set caught in the middle of a Docker rewrite is not a missing policy', async () => {
    const reads = [INSTALLED.replace('-A DOCKER-USER -j LAB-EGRESS\n', ''), INSTALLED];
    const read = jest.fn(() => Promise.resolve(reads.shift()!));
    await expect(checkEgressPolicy(read, { retryDelayMs: 1 })).resolves.toEqual({ ok: true });
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('fails when the rules stay incomplete', async () => {
    const read = jest.fn(() => Promise.resolve(INSTALLED.replace('-A DOCKER-USER -j LAB-EGRESS\n', '')));
    await expect(checkEgressPolicy(read, { retryDelayMs: 1 })).resolves.toEqual({
      ok: false,
      problems: [expect.stringMatching(/first rule of DOCKER-USER is "-A DOCKER-USER -j RETURN"/)],
    });
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('fails with the reason when the rules cannot be read (e.g. not root)', async () => {
    const denied = () => Promise.reject(new Error('Permission denied (you must be root)'));
    await expect(checkEgressPolicy(denied)).resolves.toEqual({
      ok: false,
      problems: ['cannot read the firewall rules: Permission denied (you must be root)'],
    });
  });
});
