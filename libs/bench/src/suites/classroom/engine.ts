import { DockerClient, LABEL, SandboxRuntime } from '@lab/runtime';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The control API's installation id (`lab.instance` on every object it makes), read-only from its SQLite file. */
export function readInstanceId(dataDir: string): string | undefined {
  const file = join(dataDir, 'lab.sqlite');
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM settings WHERE key = 'instance-id'").get() as
      { value: string } | undefined;
    return row?.value;
  } finally {
    db.close();
  }
}

/** The part of the engine's memory figure `docker stats` shows (cgroup v1 and v2). */
interface MemoryStats {
  usage?: number;
  stats?: { total_inactive_file?: number; inactive_file?: number; cache?: number };
}

/** What `docker stats` shows as MEM USAGE: usage minus inactive file cache (minus cache on old engines). */
export function memoryInUse(memory: MemoryStats): number {
  const usage = memory.usage ?? 0;
  const stats = memory.stats ?? {};
  const cache = stats.total_inactive_file ?? stats.inactive_file ?? stats.cache ?? 0;
  return cache < usage ? usage - cache : usage;
}

/** Memory in use by every container of one sandbox, summed (bytes). */
export async function sandboxMemoryBytes(docker: DockerClient, sandboxId: string): Promise<number> {
  const containers = await docker.listContainers({ [LABEL.sandbox]: sandboxId }, false);
  if (containers.length === 0) throw new Error(`sandbox ${sandboxId} has no running container`);
  const bytes = await Promise.all(
    containers.map(async (container) => {
      const stats = (await docker.raw.getContainer(container.Id).stats({ stream: false })) as {
        memory_stats?: MemoryStats;
      };
      return memoryInUse(stats.memory_stats ?? {});
    }),
  );
  return bytes.reduce((sum, value) => sum + value, 0);
}

/** Removes every sandbox matching the label filter; returns how many there were. */
export async function destroyAll(runtime: SandboxRuntime, filter: Record<string, string>): Promise<number> {
  const leftovers = await runtime.list(filter);
  for (const sandbox of leftovers) await runtime.destroy(sandbox.id);
  return leftovers.length;
}
