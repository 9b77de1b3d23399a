import { expectData } from '@lab/api-client';
import { LABEL, SwarmService } from '@lab/runtime';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import type { ContainerInspectInfo } from 'dockerode';
import { Reconciler } from '../../apps/control-api/src/sandboxes/reconcile/reconciler.service';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { closeInstallation } from '../control-api/support/state-database';
import { availability } from '../support/availability';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';

const swarm = availability().swarm;

/** What `docker inspect` of a task's container says about its hardening (unset lists and limits as empty). */
function hardeningOf(container: ContainerInspectInfo) {
  const host = container.HostConfig;
  return {
    capDrop: host.CapDrop,
    capAdd: host.CapAdd ?? [],
    privileged: host.Privileged,
    readOnly: host.ReadonlyRootfs,
    binds: host.Binds ?? [],
    pidsLimit: (host.PidsLimit ?? 0) > 0,
    memory: (host.Memory ?? 0) > 0,
    nanoCpus: (host.NanoCpus ?? 0) > 0,
  };
}
const withSwarm = swarm.usable ? describe : describe.skip;
const skipped = swarm.usable ? '' : ` (skipped: ${swarm.why})`;

// What only the Swarm adapter has to prove (the shared contract is in provision, failures, events
// and endpoint-ping): its hardening as the engine reports it, and the control API unchanged on it.
withSwarm(`runtime on Docker Swarm${skipped}`, () => {
  const lab = createTestLab('swarm');
  afterAll(() => lab.reap());

  describe('a sandbox service is hardened as far as Swarm can say it', () => {
    const id = lab.sandboxId('swarm-hardened');
    const services = new Map<string, SwarmService>();
    const containers = new Map<string, ContainerInspectInfo>();

    beforeAll(async () => {
      const { spec } = postgresRedisSpec();
      await lab.runtime.provision(id, spec, { labels: lab.labels });
      for (const service of await lab.docker.listServices({ [LABEL.sandbox]: id })) {
        services.set(service.Spec.Labels![LABEL.service]!, service);
      }
      for (const container of await lab.docker.listContainers({ [LABEL.sandbox]: id })) {
        containers.set(container.Labels[LABEL.service]!, (await lab.docker.inspectContainer(container.Id))!);
      }
    });

    it('runs one service with one replica per container, no restart, on the sandbox overlay network', async () => {
      const network = await lab.docker.inspectNetwork(`lab-${id}`);
      expect([...services.keys()].sort()).toEqual(['postgres', 'redis']);
      for (const service of services.values()) {
        expect(service.Spec.Mode).toEqual({ Replicated: { Replicas: 1 } });
        expect(service.Spec.TaskTemplate).toMatchObject({
          RestartPolicy: { Condition: 'none' },
          Networks: [{ Target: network!.id }],
        });
        expect(service.Spec.EndpointSpec!.Ports!.map((p) => p.PublishMode)).toEqual(['host']);
      }
    });

    it.each(['postgres', 'redis'])('%s: all caps dropped, read-only root, non-root user, limits incl. pids', (name) => {
      expect(hardeningOf(containers.get(name)!)).toEqual({
        capDrop: ['ALL'],
        capAdd: [],
        privileged: false,
        readOnly: true,
        binds: [],
        pidsLimit: true,
        memory: true,
        nanoCpus: true,
      });
      expect(containers.get(name)!.Config.User).toMatch(/^[1-9]\d*:\d+$/);
      expect(containers.get(name)!.Mounts.filter((m) => m.Type === 'bind')).toEqual([]);
    });

    it('gives the writable paths as tmpfs owned by the image user, and the process no capability', async () => {
      const result = await lab.runtime.exec(id, 'postgres', [
        'sh',
        '-c',
        'id -u; stat -c %u /var/lib/postgresql/data; grep " /var/lib/postgresql/data " /proc/mounts; grep CapEff /proc/1/status',
      ]);
      const [uid, owner, mount, caps] = result.stdout.trim().split('\n');
      expect(uid).not.toBe('0');
      expect(owner).toBe(uid);
      expect(mount).toMatch(/^tmpfs \/var\/lib\/postgresql\/data tmpfs /);
      expect(caps).toMatch(/CapEff:\s+0000000000000000/);
    });
  });

  describe('the control API with LAB_RUNTIME=swarm', () => {
    let api: ControlApi;
    let client: ApiClient;

    beforeAll(async () => {
      api = await startControlApi({
        config: {
          examplesDir: 'test/fixtures/examples',
          runtime: { kind: 'swarm', swarmConstraints: [] },
          reconcileIntervalMs: 3_600_000,
          rateLimitPerMinute: 10_000,
        },
      });
      client = new ApiClient(api.base);
    });
    afterAll(() => closeInstallation(lab, [api]));

    it('marks a sandbox whose task container was killed (kill -9) failed after the event', async () => {
      const student = await client.issueToken(ADMIN_TOKEN, 'kim');
      const created = await expectData(client.as(student).POST('/api/sandboxes', { body: { example: 'tiny-sql' } }));
      const ready = await client.waitForSandbox(student, created.id, (s) => s.state === 'ready');
      const passesBefore = api.app.get(Reconciler).completedPasses();
      const [container] = await lab.docker.listContainers({ [LABEL.sandbox]: created.id }, false);

      await lab.docker.raw.getContainer(container!.Id).kill(); // SIGKILL: the task fails, the engine reports `die`

      const failed = await client.waitForSandbox(student, created.id, (s) => s.state === 'failed', 30_000);
      expect(api.app.get(Reconciler).completedPasses()).toBeGreaterThan(passesBefore);
      expect(failed.reason).toBe('postgres is exited');
      expect(failed.reason).not.toContain(ready.services[0]!.password!);
    });

    it('runs a workshop of 5 seats, every seat ready with its own address, and removes them with it', async () => {
      const leader = await client.issueToken(ADMIN_TOKEN, 'lea', 'leader');
      const workshop = await expectData(
        client.as(leader).POST('/api/workshops', {
          body: { example: 'tiny-sql', seats: 5, endsAt: new Date(Date.now() + 30 * 60_000).toISOString() },
        }),
      );
      const view = () =>
        expectData(client.as(leader).GET('/api/workshops/{id}', { params: { path: { id: workshop.id } } }));
      let seats = (await view()).seats;
      await waitFor(
        () => seats.every((seat) => seat.state === 'ready'),
        180_000,
        async () => {
          seats = (await view()).seats;
        },
      );
      expect(seats.map((seat) => seat.state)).toEqual(['ready', 'ready', 'ready', 'ready', 'ready']);
      const running = await lab.runtime.list({ 'lab.example': 'tiny-sql' });
      const seatSandboxes = running.filter((s) => seats.some((seat) => seat.sandboxId === s.id));
      const ports = seatSandboxes.map((s) => s.services[0]!.ports[5432]);
      expect(new Set(ports).size).toBe(5);

      expect((await client.call('DELETE', `workshops/${workshop.id}`, { token: leader })).status).toBe(200);
      let left = seatSandboxes.length;
      await waitFor(
        () => left === 0,
        120_000,
        async () => {
          const still = await lab.runtime.list({ 'lab.example': 'tiny-sql' });
          left = still.filter((s) => seatSandboxes.some((seat) => seat.id === s.id)).length;
        },
      );
      expect(left).toBe(0);
    });
  });
});
