import { DockerClient, LABEL } from '@lab/runtime';
import { existsSync, readFileSync } from 'node:fs';

/**
 * The machine's busy CPU time so far, in core-seconds (`/proc/stat`: every state but idle and
 * iowait); undefined where there is no /proc (then no split is reported).
 */
export function machineBusySeconds(): number | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ: 100 on Linux
}

/** The CPU a sandbox's containers used since they started, in core-seconds, by service (the engine's stats). */
export async function seatCpuSeconds(docker: DockerClient, sandboxId: string): Promise<Map<string, number>> {
  const containers = await docker.listContainers({ [LABEL.sandbox]: sandboxId }, true);
  const used = new Map<string, number>();
  await Promise.all(
    containers.map(async (container) => {
      const stats = (await docker.raw.getContainer(container.Id).stats({ stream: false, 'one-shot': true })) as {
        cpu_stats?: { cpu_usage?: { total_usage?: number } };
      };
      const service = container.Labels?.[LABEL.service] ?? container.Id.slice(0, 12);
      used.set(service, (used.get(service) ?? 0) + (stats.cpu_stats?.cpu_usage?.total_usage ?? 0) / 1e9);
    }),
  );
  return used;
}

/**
 * "X core-s per seat: a in the seat's containers (by service), b outside them (the engine: dockerd,
 * containerd, runc, docker-proxy, iptables, the kernel's network set-up; and this bench)".
 */
export function describeSeatCpu(seats: number, machineSeconds: number, perSeat: Map<string, number>[]): string {
  const byService = new Map<string, number>();
  for (const seat of perSeat)
    for (const [service, s] of seat) byService.set(service, (byService.get(service) ?? 0) + s);
  const inside = [...byService.values()].reduce((sum, s) => sum + s, 0);
  const each = (s: number) => (s / seats).toFixed(2);
  const services = [...byService].map(([service, s]) => `${service} ${each(s)}`).join(', ');
  return `${each(machineSeconds)} core-s per seat: ${each(inside)} in the seat's containers (${services}), ${each(machineSeconds - inside)} outside them (the engine — dockerd, containerd, runc, docker-proxy, iptables, the kernel's network set-up — and this bench)`;
}
