import { expectData } from '@lab/api-client';
import { LABEL } from '@lab/runtime';
import type { Browser } from 'playwright-core';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { collectPageErrors, launchChromium, openPage, signIn } from './support/browser';
import { lanAddress } from './support/network-address';
import { sessionProbe, typeCommand, waitConnected, waitForScreen } from './support/terminal-page';

const address = lanAddress();
const lab = createTestLab();

/** The host addresses the engine publishes a sandbox's ports on (`docker inspect`: NetworkSettings.Ports). */
async function publishedHostIps(sandboxId: string): Promise<string[]> {
  const hostIps: string[] = [];
  for (const container of await lab.docker.listContainers({ [LABEL.sandbox]: sandboxId })) {
    const inspected = await lab.docker.inspectContainer(container.Id);
    for (const bindings of Object.values(inspected?.NetworkSettings.Ports ?? {})) {
      for (const binding of bindings ?? []) hostIps.push(binding.HostIp);
    }
  }
  return hostIps;
}

/**
 * Issue 11 §4, "from another machine": the browser reaches nothing but the control API, on the
 * machine's network address (as with LAB_HOST=0.0.0.0), and does the work of a lab there — sign in,
 * the terminal, the app's docs — while the sandbox's own ports stay on the server's loopback.
 */
(address ? describe : describe.skip)(
  `web: from another machine (the API on ${address ?? 'no network address: this machine has none besides loopback'})`,
  () => {
    let api: ControlApi;
    let browser: Browser;
    let remote: string;

    beforeAll(async () => {
      api = await startControlApi({ host: '0.0.0.0' });
      remote = `http://${address!}:${new URL(api.base).port}`;
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
      await api?.close();
      for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
        await lab.runtime.destroy(status.id);
      }
    });

    it('signs in, runs psql in the terminal and opens the app’s docs; the sandbox’s ports stay on loopback', async () => {
      // Everything below talks to the network address only: the page, the API, the WebSocket, the app.
      const client = new ApiClient(remote);
      const student = await client.issueToken(ADMIN_TOKEN, 'remote-student');
      const created = await expectData(
        client.as(student).POST('/api/sandboxes', { body: { example: 'sql-vs-nosql' } }),
      );
      const sandbox = await client.waitForSandbox(student, created.id, (s) => s.state === 'ready', 240_000);

      const { context, page } = await openPage(browser, remote);
      const errors = collectPageErrors(page);
      await signIn(context, remote, student);
      await page.goto('/');
      expect(await sessionProbe(page)).toMatch(/^read 200: .*remote-student/);

      // The sandbox's workspace, its terminal tab.
      await page.goto(`/sandboxes/${sandbox.id}?tab=terminal`);
      await page.getByRole('heading', { name: 'SQL vs NoSQL', level: 2 }).waitFor();
      await waitConnected(page);
      await typeCommand(page, `psql -c 'select 1'`);
      expect(await waitForScreen(page, /\(1 row\)/)).toMatch(/^\s+1\s*$/m);

      await page.getByRole('tab', { name: 'App', exact: true }).click();
      const [tab] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('link', { name: 'Open the API docs (/docs) in a new tab' }).click(),
      ]);
      await tab.locator('.opblock').first().waitFor({ timeout: 30_000 });
      expect(new URL(tab.url()).host).toBe(new URL(remote).host);
      expect(await sessionProbe(tab)).toBe('blocked');
      expect(errors).toEqual([]);

      // Where the sandbox's services are published: loopback only, never the network address.
      const hostIps = await publishedHostIps(sandbox.id);
      expect(hostIps.length).toBeGreaterThan(0);
      expect([...new Set(hostIps)]).toEqual(['127.0.0.1']);
      await context.close();
    });
  },
);
