import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { waitFor } from '../../support/wait-for';

/** `ip`, by absolute path: the API processes of these tests get no PATH. */
export const IP = execFileSync('sh', ['-c', 'command -v ip'], { encoding: 'utf8' }).trim();

export function ip(...args: string[]): string {
  return execFileSync(IP, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `args` inside the named network namespace. */
export function inNamespace(namespace: string, args: string[], options: { env?: Record<string, string> } = {}) {
  return spawn(IP, ['netns', 'exec', namespace, ...args], {
    env: options.env ?? {},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** True when a TCP connection opens within `timeoutMs` (from this process, i.e. the host). */
export function tcpAnswers(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/**
 * A tiny TCP server (greets, closes; a client that hangs up first is no error) running as a child
 * process; resolves once it listens.
 */
export async function startListener(
  namespace: string | undefined,
  port: number,
): Promise<{ child: ChildProcess; stop: () => void }> {
  const script = `require('node:net').createServer((s) => s.on('error', () => {}).end('hello\\n')).listen(${port}, '0.0.0.0', () => console.log('listening'))`;
  const child = namespace
    ? inNamespace(namespace, [process.execPath, '-e', script])
    : spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitFor(() => out.includes('listening') || child.exitCode !== null, 10_000);
  if (!out.includes('listening')) throw new Error(`the listener did not start: ${out}`);
  return { child, stop: () => child.kill('SIGKILL') };
}

/**
 * A network namespace of the test's own, joined to the host by a veth pair, whose loopback holds
 * the addresses that stand for what a sandbox must not reach (the metadata service, a LAN host,
 * an internet host). Host routes send exactly those /32s into it, so no probe leaves the machine.
 */
export class TargetNamespace {
  readonly hostSide: string;
  readonly nsSide: string;
  private listener?: { stop: () => void };

  constructor(
    readonly name: string,
    readonly targets: readonly string[],
    readonly port: number,
    private readonly link = { host: '198.18.77.1', ns: '198.18.77.2', prefix: 30 },
  ) {
    const tag = name.replace(/[^a-z0-9]/g, '').slice(-8);
    this.hostSide = `lbt${tag}h`;
    this.nsSide = `lbt${tag}n`;
  }

  async create(): Promise<void> {
    ip('netns', 'add', this.name);
    ip('link', 'add', this.hostSide, 'type', 'veth', 'peer', 'name', this.nsSide, 'netns', this.name);
    ip('addr', 'add', `${this.link.host}/${this.link.prefix}`, 'dev', this.hostSide);
    ip('link', 'set', this.hostSide, 'up');
    ip('-n', this.name, 'addr', 'add', `${this.link.ns}/${this.link.prefix}`, 'dev', this.nsSide);
    ip('-n', this.name, 'link', 'set', this.nsSide, 'up');
    ip('-n', this.name, 'link', 'set', 'lo', 'up');
    for (const target of this.targets) {
      ip('-n', this.name, 'addr', 'add', `${target}/32`, 'dev', 'lo');
      ip('route', 'replace', `${target}/32`, 'via', this.link.ns, 'dev', this.hostSide);
    }
    this.listener = await startListener(this.name, this.port);
  }

  /** The interface the host routes `address` through (the test asserts it is ours before probing). */
  routeDevice(address: string): string | undefined {
    return /\bdev (\S+)/.exec(ip('route', 'get', address))?.[1];
  }

  destroy(): void {
    this.listener?.stop();
    for (const target of this.targets) tryIp('route', 'del', `${target}/32`, 'via', this.link.ns);
    tryIp('link', 'del', this.hostSide); // takes its peer with it
    tryIp('netns', 'del', this.name);
  }
}

export function tryIp(...args: string[]): void {
  try {
    ip(...args);
  } catch {
    // already gone
  }
}
