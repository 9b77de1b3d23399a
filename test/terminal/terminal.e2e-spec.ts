import { expectData } from '@lab/api-client';
import { execFileSync } from 'node:child_process';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { TERMINAL_TIMING } from '../../apps/control-api/src/terminal/terminal-timing';
import { createTestLab } from '../support/lab-runtime';
import { MiB, peakRssGrowth } from '../support/peak-rss';
import { waitFor } from '../support/wait-for';
import { ApiClient, SandboxView } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { TargetNamespace, tcpAnswers } from '../isolation/support/namespaces';
import { openTerminal, TerminalClient } from './support/terminal-client';

const TERMINALS_PER_USER = 3;
// A stand-in for an internet host, in a namespace of this test's own (no probe leaves the machine).
// Its own link and address, so it never collides with the isolation tests' namespace.
const INTERNET_HOST = '198.51.100.77';
const TARGET_PORT = 8080;

/**
 * Issue 11, item 3, the terminal: a shell in the sandbox's toolbox over a WebSocket, with the real
 * API, real Docker and the real toolbox image (docker/offline/toolbox).
 */
describe('terminal: a shell in the sandbox toolbox over a WebSocket', () => {
  const lab = createTestLab();
  const targets = new TargetNamespace(`lab-term-test-${lab.runId}`, [INTERNET_HOST], TARGET_PORT, {
    host: '198.18.78.1',
    ns: '198.18.78.2',
    prefix: 30,
  });
  const opened: TerminalClient[] = [];
  let api: ControlApi;
  let client: ApiClient;
  let alice: string;
  let aliceTokenId: string;
  let bob: string;
  let sandbox: SandboxView;

  /** A terminal closed after the test, whatever happens. */
  async function terminal(...args: Parameters<typeof openTerminal>): Promise<TerminalClient> {
    const opening = openTerminal(...args);
    const terminal = await opening;
    opened.push(terminal);
    return terminal;
  }

  beforeAll(async () => {
    // The sandbox network policy, as CI installs it (docker/engine.sh); idempotent.
    execFileSync('bash', ['docker/egress.sh'], { stdio: 'pipe' });
    await targets.create();
    api = await startControlApi({
      config: {
        examplesDir: 'test/terminal/fixtures/examples',
        reconcileIntervalMs: 5_000,
        terminalsPerUser: TERMINALS_PER_USER,
      },
      overrides: [{ token: TERMINAL_TIMING, useValue: { heartbeatMs: 8_000, graceMs: 20_000 } }],
    });
    client = new ApiClient(api.base);
    const issued = await expectData(
      client.as(ADMIN_TOKEN).POST('/api/tokens', { body: { name: 'alice', role: 'student' } }),
    );
    alice = issued.token;
    aliceTokenId = issued.id;
    bob = await client.issueToken(ADMIN_TOKEN, 'bob');
    const created = await expectData(client.as(alice).POST('/api/sandboxes', { body: { example: 'terminal-lab' } }));
    sandbox = await client.waitForSandbox(alice, created.id, (s) => s.state === 'ready');
  });

  // Each test's shells exit (Ctrl-C, `exit`), so no test inherits another's sessions in the limit.
  afterEach(async () => {
    await Promise.all(
      opened.splice(0).map(async (terminal) => {
        if (terminal.ws.readyState === terminal.ws.OPEN) {
          // Ctrl-C flushes the TTY's pending input: `exit` goes once the shell has shown it.
          await terminal.interrupt().catch(() => undefined);
          terminal.type('exit');
          await terminal.waitForEnd(5_000).catch(() => undefined);
        }
        terminal.ws.terminate();
      }),
    );
  });

  afterAll(async () => {
    const opens = api?.logs.entries().filter((entry) => /terminal \S+ opened in/.test(String(entry.msg)));
    process.stderr.write(
      `[terminal] ${opens?.map((entry) => String(entry.msg).replace(/.*opened/, 'opened')).join('; ')}\n`,
    );
    await api?.close();
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
    targets.destroy();
  });

  it('runs psql as the student with no arguments', async () => {
    const shell = await terminal(api.base, sandbox.id, { token: alice });
    shell.type(`psql -c "select current_user, 40 + 2 as answer"`);
    await expect(shell.waitForOutput(/student\s*\|\s*42/)).resolves.toBeTruthy();
    shell.type(`psql -tAc 'select 1'; echo "psql-exit-$?"`);
    expect((await shell.waitForOutput(/[\r\n]1\r\npsql-exit-0/))[0]).toContain('1');
  });

  it('runs redis-cli as the student with no arguments', async () => {
    const shell = await terminal(api.base, sandbox.id, { token: alice });
    shell.type('redis-cli ping; redis-cli client info | grep --color=never -o "user=[a-z_]*"');
    await expect(shell.waitForOutput(/PONG\r\nuser=student\r\n/)).resolves.toBeTruthy();
  });

  it('starts with the size asked for and follows a resize', async () => {
    const shell = await terminal(api.base, sandbox.id, { token: alice, cols: 91, rows: 29 });
    shell.type('echo "size-$(stty size | tr " " x)"');
    await shell.waitForOutput(/size-29x91/);
    shell.resize(100, 40);
    shell.type('echo "size-$(stty size | tr " " x)"');
    await expect(shell.waitForOutput(/size-40x100/)).resolves.toBeTruthy();
  });

  it('takes the token as a subprotocol too (browsers cannot set headers), and never echoes it', async () => {
    const shell = await terminal(api.base, sandbox.id, { token: alice, tokenAsSubprotocol: true });
    expect([shell.sessionId, shell.ws.protocol]).toEqual([expect.any(String), 'lab.terminal.v1']);
  });

  it('refuses a foreign Origin before the upgrade, and accepts the API’s own', async () => {
    const foreign = await terminal(api.base, sandbox.id, { token: alice, origin: 'https://evil.example' });
    const own = await terminal(api.base, sandbox.id, { token: alice, origin: api.base });
    expect([foreign.ended, own.sessionId]).toEqual([{ httpStatus: 403 }, expect.any(String)]);
  });

  it('refuses another student’s sandbox exactly as a sandbox that does not exist', async () => {
    const foreign = await terminal(api.base, sandbox.id, { token: bob });
    const none = await terminal(api.base, 'sb-0000000000000000', { token: bob });
    expect([foreign.ended?.code, none.ended?.code]).toEqual([4404, 4404]);
    expect(foreign.ended?.reason?.replace(sandbox.id, 'ID')).toBe(
      none.ended?.reason?.replace('sb-0000000000000000', 'ID'),
    );
  });

  it('refuses a missing or unknown token', async () => {
    const missing = await terminal(api.base, sandbox.id);
    const unknown = await terminal(api.base, sandbox.id, { token: 'not-a-token' });
    expect([missing.ended?.code, unknown.ended?.code]).toEqual([4401, 4401]);
  });

  it('lets an admin open the student’s terminal', async () => {
    const shell = await terminal(api.base, sandbox.id, { token: ADMIN_TOKEN });
    shell.type('echo "who-$(whoami)"');
    await expect(shell.waitForOutput(/who-student/)).resolves.toBeTruthy();
  });

  it('closes with 4409 for a sandbox whose example has no terminal', async () => {
    const created = await expectData(client.as(alice).POST('/api/sandboxes', { body: { example: 'no-terminal' } }));
    const plain = await client.waitForSandbox(alice, created.id, (s) => s.state === 'ready');
    const shell = await terminal(api.base, plain.id, { token: alice });
    expect(shell.ended).toEqual({ code: 4409, reason: 'this sandbox has no terminal' });
  });

  it('answers a plain GET with 426 (it is a WebSocket)', async () => {
    const response = await client.call('GET', `sandboxes/${sandbox.id}/terminal`, { token: alice });
    expect(response.status).toBe(426);
  });

  it('limits the terminals per user, counting detached ones, and frees a slot when a shell exits', async () => {
    // An admin's terminals, so the other tests' ones (alice's) do not count here.
    const shells = [];
    for (let i = 0; i < TERMINALS_PER_USER; i++)
      shells.push(await terminal(api.base, sandbox.id, { token: ADMIN_TOKEN }));
    shells[0]!.close(); // detached: still counted while it waits for a reconnect
    await shells[0]!.waitForEnd();
    const refused = await terminal(api.base, sandbox.id, { token: ADMIN_TOKEN });
    shells[1]!.type('exit');
    await shells[1]!.waitForEnd();
    const afterExit = await terminal(api.base, sandbox.id, { token: ADMIN_TOKEN });
    expect({ refused: refused.ended?.code, exit: shells[1]!.exitCode, afterExit: afterExit.sessionId }).toEqual({
      refused: 4429,
      exit: 0,
      afterExit: expect.any(String),
    });
  });

  it('replays the recent output, including what came while disconnected, on a reconnect', async () => {
    const first = await terminal(api.base, sandbox.id, { token: alice });
    first.type('echo "before-$((1 + 1))"; sleep 1; echo "while-away-$((2 + 2))"');
    await first.waitForOutput(/before-2/);
    first.close();
    await first.waitForEnd();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the shell prints while nobody watches
    const again = await terminal(api.base, sandbox.id, { token: alice, session: first.sessionId });
    await again.waitForOutput(/while-away-4/);
    again.type('echo "after-$((3 + 3))"');
    await again.waitForOutput(/after-6/);
    expect({ id: again.sessionId, replayed: again.replayed! > 0, text: again.text() }).toEqual({
      id: first.sessionId,
      replayed: true,
      text: expect.stringMatching(/before-2[\s\S]*while-away-4[\s\S]*after-6/),
    });
  });

  it('does not give a session to another user who knows its id', async () => {
    const mine = await terminal(api.base, sandbox.id, { token: alice });
    const theirs = await terminal(api.base, sandbox.id, { token: ADMIN_TOKEN, session: mine.sessionId });
    expect(theirs.sessionId).not.toBe(mine.sessionId);
  });

  it('streams a 50 MB flood without growing the API’s memory, and still answers afterwards', async () => {
    const shell = await terminal(api.base, sandbox.id, { token: alice });
    const {
      growth,
      ms,
      result: health,
    } = await peakRssGrowth(async () => {
      shell.type('yes | head -c 50000000; echo "flood-done-$((5 * 5))"');
      const during = await fetch(`${api.base}/health`).then((r) => r.status);
      await shell.waitForOutput(/flood-done-25/, 150_000);
      return during;
    });
    shell.type('echo "alive-$((6 * 7))"');
    await shell.waitForOutput(/alive-42/);
    process.stderr.write(
      `[terminal] 50 MB flood: peak RSS growth ${(growth / MiB).toFixed(1)} MiB in ${(ms / 1000).toFixed(1)} s\n`,
    );
    expect({ health, flooded: shell.outputBytes > 50_000_000 }).toEqual({ health: 200, flooded: true });
    expect(growth).toBeLessThan(96 * MiB);
  });

  it('stops the shell’s output at the source while the client does not read (flow control)', async () => {
    const shell = await terminal(api.base, sandbox.id, { token: alice });
    /** Bytes `seq` has written so far, read beside the terminal (/proc of the toolbox). */
    const written = async () => {
      const result = await lab.runtime.exec(sandbox.id, 'toolbox', [
        'sh',
        '-c',
        'grep ^wchar /proc/$(pgrep -n -x seq)/io | cut -d" " -f2',
      ]);
      return Number(result.stdout.trim());
    };
    const { first, second, growth } = await peakRssGrowth(async () => {
      shell.type('seq 1 999999999');
      await waitFor(() => shell.outputBytes > 1_000_000, 20_000);
      // A tab that stopped reading (for less than a heartbeat, or it would be closed as dead): the
      // buffers on the way fill, then the TTY blocks `seq` until the tab reads again.
      shell.ws.pause();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const first = await written();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const second = await written();
      shell.ws.resume();
      return { first, second };
    }).then(({ result, growth }) => ({ ...result, growth }));
    expect({ wroteBeforeStall: first > 1_000_000, stalled: second === first }).toEqual({
      wroteBeforeStall: true,
      stalled: true,
    });
    await shell.interrupt();
    shell.type('echo "calm-$((7 * 7))"');
    await shell.waitForOutput(/calm-49/, 60_000);
    process.stderr.write(
      `[terminal] paused reader: seq wrote ${first} bytes, then ${second - first} more; peak RSS growth ${(growth / MiB).toFixed(1)} MiB\n`,
    );
    expect(growth).toBeLessThan(64 * MiB);
  });

  it('closes a socket that stops answering pings', async () => {
    const dead = await terminal(api.base, sandbox.id, { token: alice, autoPong: false });
    await expect(dead.waitForEnd(30_000)).resolves.toEqual({ code: 1006, reason: '' });
  });

  it('reaches nothing beyond the sandbox (no egress from the toolbox)', async () => {
    expect(await tcpAnswers(INTERNET_HOST, TARGET_PORT)).toBe(true); // control: the stand-in answers the host
    const shell = await terminal(api.base, sandbox.id, { token: alice });
    shell.type(`curl -sS -m 3 -o /dev/null http://${INTERNET_HOST}:${TARGET_PORT}/; echo "curl-exit-$?"`);
    const [, code] = (await shell.waitForOutput(/curl-exit-(\d+)/)) as unknown as [string, string];
    expect(code).not.toBe('0');
  });

  // Last: alice's token is gone afterwards.
  it('closes a terminal at once when its token is revoked, and its shell ends', async () => {
    const shell = await terminal(api.base, sandbox.id, { token: alice });
    shell.type('sleep 600 & echo "pids-$$-$!"');
    const [, shellPid, childPid] = (await shell.waitForOutput(/pids-(\d+)-(\d+)/)) as unknown as string[];
    const revoked = await client.call('DELETE', `tokens/${aliceTokenId}`, { token: ADMIN_TOKEN });
    expect([revoked.status, await shell.waitForEnd(5_000)]).toEqual([
      204,
      { code: 4401, reason: 'the token was revoked' },
    ]);
    // The TTY's hangup ends the shell and its job: nothing is left to fill the toolbox's pids limit.
    const alive = async () =>
      (
        await lab.runtime.exec(sandbox.id, 'toolbox', [
          'sh',
          '-c',
          `ls -d /proc/${shellPid} /proc/${childPid} 2>/dev/null`,
        ])
      ).stdout.trim();
    let left = await alive();
    await waitFor(
      () => left === '',
      10_000,
      async () => void (left = await alive()),
    ).catch(() => undefined);
    expect(left).toBe('');
  });
});
