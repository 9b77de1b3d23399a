import { expectData } from '@lab/api-client';
import type {
  LogOptions,
  ProvisionOptions,
  RecordedSandbox,
  SandboxRuntime,
  SandboxSpecInput,
  SandboxStatus,
  ShellOptions,
} from '@lab/runtime';
import { SANDBOX_RUNTIME } from '../../apps/control-api/src/runtime/runtime.module';
import { Reconciler } from '../../apps/control-api/src/sandboxes/reconcile/reconciler.service';
import { SandboxLifecycle } from '../../apps/control-api/src/sandboxes/sandbox-lifecycle';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

/**
 * The real Docker runtime, except that the next `list` can be held: it waits for `release()` and
 * only then lists, so its answer includes what was made meanwhile, like a slow listing does.
 */
class HeldListingRuntime implements SandboxRuntime {
  private hold?: { reached: () => void; released: Promise<void> };

  constructor(private readonly inner: SandboxRuntime) {}

  holdNextList(): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.hold = { reached, released };
    return { reached: reachedPromise, release };
  }

  async list(filter?: Record<string, string>): Promise<SandboxStatus[]> {
    const hold = this.hold;
    this.hold = undefined;
    if (hold) {
      hold.reached();
      await hold.released;
    }
    return this.inner.list(filter);
  }

  provision(id: string, spec: SandboxSpecInput, options?: ProvisionOptions) {
    return this.inner.provision(id, spec, options);
  }
  inspect(id: string) {
    return this.inner.inspect(id);
  }
  logs(id: string, service: string, options?: LogOptions) {
    return this.inner.logs(id, service, options);
  }
  exec(id: string, service: string, command: string[], options?: { timeoutMs?: number }) {
    return this.inner.exec(id, service, command, options);
  }
  attachShell(id: string, service: string, options: ShellOptions) {
    return this.inner.attachShell(id, service, options);
  }
  stop(id: string) {
    return this.inner.stop(id);
  }
  destroy(id: string) {
    return this.inner.destroy(id);
  }
  events(options?: { signal?: AbortSignal }) {
    return this.inner.events(options);
  }
  endpoint(sandbox: RecordedSandbox, service: string, containerPort: number) {
    return this.inner.endpoint(sandbox, service, containerPort);
  }
  ping(options?: { timeoutMs?: number }) {
    return this.inner.ping(options);
  }
}

// A sandbox launched while a reconcile pass is listing looks like an orphan to that pass (its row
// was read before). The reconciler must read the row again and leave it alone.
describe('control API: reconciler and a launch during its listing', () => {
  const lab = createTestLab();
  const runtime = new HeldListingRuntime(lab.runtime);
  let api: ControlApi;

  beforeAll(async () => {
    api = await startControlApi({
      // No periodic pass: only the boot pass, the ones engine events ask for, and the test's.
      config: { examplesDir: 'test/fixtures/examples', reconcileIntervalMs: 3_600_000 },
      overrides: [{ token: SANDBOX_RUNTIME, useValue: runtime }],
    });
  });
  afterAll(async () => {
    const instance = api.app.get<LabInstance>(LAB_INSTANCE).id;
    await api.close();
    for (const status of await lab.runtime.list({ 'lab.instance': instance })) await lab.runtime.destroy(status.id);
  });

  it('never destroys a sandbox whose row exists, even one it listed without a row', async () => {
    const reconciler = api.app.get(Reconciler);
    const lifecycle = api.app.get(SandboxLifecycle);
    await waitFor(() => reconciler.completedPasses() >= 1, 30_000);

    const held = runtime.holdNextList();
    const pass = reconciler.requestPass();
    await held.reached; // the pass read the rows (none) and waits for its listing

    const client = new ApiClient(api.base);
    const launched = await expectData(client.as(ADMIN_TOKEN).POST('/api/sandboxes', { body: { example: 'tiny-sql' } }));
    await client.waitForSandbox(ADMIN_TOKEN, launched.id, (s) => s.state === 'ready');
    await lifecycle.settled(); // provisioning done: the sandbox is no longer busy in this process

    held.release(); // the listing now includes the new sandbox's container
    await pass;
    await lifecycle.settled();

    expect(api.logs.text()).toContain(`sandbox ${launched.id}: not an orphan`);
    const status = await lab.runtime.inspect(launched.id);
    expect(status?.services.map((service) => service.state)).toEqual(['running']);
    const after = await expectData(
      client.as(ADMIN_TOKEN).GET('/api/sandboxes/{id}', { params: { path: { id: launched.id } } }),
    );
    expect(after.state).toBe('ready');
  });
});
