import { ContainerMemory, describeSeatMemory, seatMemoryReport, splitMemory } from './seat-memory';

const MiB = 2 ** 20;

describe('splitMemory', () => {
  it('splits a cgroup v1 PostgreSQL container into process, tmpfs/shared and kernel memory', () => {
    // As Docker 20.10 reports an idle sandbox's PostgreSQL: 4 MiB of backends, 54 MiB of tmpfs
    // data directory and shared memory (cache, none of it inactive file), 5 MiB of kernel charge.
    const split = splitMemory('postgres', {
      usage: 63 * MiB,
      stats: { total_rss: 4 * MiB, total_cache: 54 * MiB, total_inactive_file: 0 },
    });
    expect(split).toEqual({ service: 'postgres', inUse: 63, anon: 4, shared: 54, kernel: 5 });
  });

  it('leaves the inactive file cache out, as docker stats does', () => {
    const split = splitMemory('app', {
      usage: 70 * MiB,
      stats: { total_rss: 50 * MiB, total_cache: 15 * MiB, total_inactive_file: 10 * MiB },
    });
    expect(split).toEqual({ service: 'app', inUse: 60, anon: 50, shared: 5, kernel: 5 });
  });

  it('reads cgroup v2 keys', () => {
    const split = splitMemory('app', {
      usage: 60 * MiB,
      stats: { anon: 50 * MiB, file: 6 * MiB, inactive_file: 2 * MiB },
    });
    expect(split).toEqual({ service: 'app', inUse: 58, anon: 50, shared: 4, kernel: 4 });
  });

  it('never reports a negative part when the counters disagree', () => {
    const split = splitMemory('toolbox', { usage: 1 * MiB, stats: { total_rss: 2 * MiB, total_cache: 1 * MiB } });
    expect(split).toEqual({ service: 'toolbox', inUse: 1, anon: 1, shared: 0, kernel: 0 });
  });
});

describe('seatMemoryReport', () => {
  const container = (service: string, inUse: number, anon = inUse, shared = 0): ContainerMemory => ({
    service,
    inUse,
    anon,
    shared,
    kernel: inUse - anon - shared,
  });
  const seats = [
    [container('postgres', 60, 4, 52), container('app', 50), container('toolbox', 1)],
    [container('postgres', 62, 4, 54), container('app', 54), container('toolbox', 1)],
    [container('postgres', 64, 4, 56), container('app', 48), container('toolbox', 1)],
  ];

  // Percentiles keep three significant digits (HDR histogram): sums are exact, p50s within 0.1 %.
  it('sums each seat, with and without the services left out of the goal', () => {
    const report = seatMemoryReport(seats, ['toolbox']);
    // Seats: 60 + 50 + 1, 62 + 54 + 1, 64 + 48 + 1.
    expect(report.seat).toMatchObject({ runs: 3, min: 111, max: 117 });
    expect(report.seat.p50).toBeCloseTo(113, 0);
    expect(report.counted).toMatchObject({ min: 110, max: 116 });
    expect(report.counted.p50).toBeCloseTo(112, 0);
    expect(report.classTotal).toBeCloseTo(341, 1);
  });

  it('gives each service its own figures', () => {
    const report = seatMemoryReport(seats, ['toolbox']);
    expect(report.services.map((s) => s.service)).toEqual(['app', 'postgres', 'toolbox']);
    const postgres = report.services.find((s) => s.service === 'postgres')!;
    expect(postgres.inUse.p50).toBeCloseTo(62, 0);
    expect(postgres.anon).toBeCloseTo(4, 1);
    expect(postgres.shared).toBeCloseTo(54, 0);
    expect(postgres.kernel).toBeCloseTo(4, 1);
  });

  it('names every service in the note line', () => {
    const line = describeSeatMemory(seatMemoryReport(seats, ['toolbox']), 'PostgreSQL + app');
    expect(line).toMatch(/^PostgreSQL \+ app p50 112\.\d MiB .*postgres p50 62\.0 MiB = 4\.0 process memory \+ 54\.0/);
  });

  it('refuses a class with no seats', () => expect(() => seatMemoryReport([])).toThrow('no seats measured'));
});
