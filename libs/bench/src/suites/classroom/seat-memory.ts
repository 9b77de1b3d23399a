import { DockerClient, LABEL } from '@lab/runtime';
import { summarize, Summary } from '../../stats';

const MiB = 2 ** 20;

/**
 * The memory figures of one container's cgroup, as the engine's stats API reports them: cgroup v1
 * (`total_*` keys; Docker 20.10 leaves out `shmem`) or v2 (`anon`, `file`, `inactive_file`).
 */
export interface EngineMemoryStats {
  usage?: number;
  stats?: Partial<
    Record<
      'total_rss' | 'total_cache' | 'total_inactive_file' | 'rss' | 'cache' | 'anon' | 'file' | 'inactive_file',
      number
    >
  >;
}

/**
 * One container's memory in MiB, split by what holds it:
 * - `inUse`: what `docker stats` shows (usage minus the inactive file cache), the figure that counts;
 * - `anon`: the processes' private memory (heaps, stacks: a Node heap, a PostgreSQL backend);
 * - `shared`: tmpfs files and shared memory still in use (PostgreSQL's data directory on its tmpfs,
 *   its shared buffers and /dev/shm), plus any active page cache;
 * - `kernel`: the rest of the cgroup's charge (page tables, slab such as tmpfs inodes, kernel stacks).
 */
export interface ContainerMemory {
  service: string;
  inUse: number;
  anon: number;
  shared: number;
  kernel: number;
}

/** Splits one container's engine memory stats (see ContainerMemory). */
export function splitMemory(service: string, memory: EngineMemoryStats): ContainerMemory {
  const usage = memory.usage ?? 0;
  const stats = memory.stats ?? {};
  const inactiveFile = stats.total_inactive_file ?? stats.inactive_file ?? 0;
  const inUse = inactiveFile < usage ? usage - inactiveFile : usage;
  const anon = Math.min(stats.total_rss ?? stats.rss ?? stats.anon ?? 0, inUse);
  const cache = stats.total_cache ?? stats.cache ?? stats.file ?? 0;
  const shared = Math.min(Math.max(cache - inactiveFile, 0), inUse - anon);
  return { service, inUse: inUse / MiB, anon: anon / MiB, shared: shared / MiB, kernel: (inUse - anon - shared) / MiB };
}

/** Every running container of one sandbox, split by kind (one engine stats call each). */
export async function seatMemory(docker: DockerClient, sandboxId: string): Promise<ContainerMemory[]> {
  const containers = await docker.listContainers({ [LABEL.sandbox]: sandboxId }, false);
  if (containers.length === 0) throw new Error(`sandbox ${sandboxId} has no running container`);
  return Promise.all(
    containers.map(async (container) => {
      // one-shot: the memory figures without waiting a second for a second CPU sample (API 1.41+).
      const stats = (await docker.raw.getContainer(container.Id).stats({ stream: false, 'one-shot': true })) as {
        memory_stats?: EngineMemoryStats;
      };
      return splitMemory(container.Labels?.[LABEL.service] ?? container.Id.slice(0, 12), stats.memory_stats ?? {});
    }),
  );
}

export interface SeatMemoryReport {
  /** Sum over every container of a seat, one sample per seat. */
  seat: Summary;
  /** Sum over the seat's containers except `excluded` (the goal's "PostgreSQL + app"). */
  counted: Summary;
  /** Per service: its in-use figure and the p50 of each part, one sample per seat. */
  services: { service: string; inUse: Summary; anon: number; shared: number; kernel: number }[];
  /** Everything the class holds (MiB). */
  classTotal: number;
}

/** Per-seat and per-service figures of a class; `excluded` services are left out of `counted`. */
export function seatMemoryReport(seats: ContainerMemory[][], excluded: readonly string[] = []): SeatMemoryReport {
  if (seats.length === 0) throw new Error('no seats measured');
  const sum = (containers: ContainerMemory[]) => containers.reduce((total, c) => total + c.inUse, 0);
  const names = [...new Set(seats.flat().map((c) => c.service))].sort();
  const p50 = (values: number[]) => summarize(values).p50;
  return {
    seat: summarize(seats.map(sum)),
    counted: summarize(seats.map((containers) => sum(containers.filter((c) => !excluded.includes(c.service))))),
    services: names.map((service) => {
      const of = seats.flatMap((containers) => containers.filter((c) => c.service === service));
      return {
        service,
        inUse: summarize(of.map((c) => c.inUse)),
        anon: p50(of.map((c) => c.anon)),
        shared: p50(of.map((c) => c.shared)),
        kernel: p50(of.map((c) => c.kernel)),
      };
    }),
    classTotal: seats.reduce((total, containers) => total + sum(containers), 0),
  };
}

/** One line for a bench note. */
export function describeSeatMemory(report: SeatMemoryReport, countedLabel: string): string {
  const mib = (s: Summary) =>
    `p50 ${s.p50.toFixed(1)} MiB (p95 ${s.p95.toFixed(1)}, min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`;
  const services = report.services
    .map(
      (s) =>
        `${s.service} p50 ${s.inUse.p50.toFixed(1)} MiB = ${s.anon.toFixed(1)} process memory + ${s.shared.toFixed(1)} tmpfs/shared memory + ${s.kernel.toFixed(1)} kernel`,
    )
    .join('; ');
  return `${countedLabel} ${mib(report.counted)}; whole seat ${mib(report.seat)}; per service (p50 of each part): ${services}; ${report.classTotal.toFixed(0)} MiB for the class.`;
}
