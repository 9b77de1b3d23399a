import { InvalidWorkloadError, parseWorkload, YCSB_MIXES } from './workload';

const problemsOf = (yaml: string) => {
  try {
    parseWorkload(yaml);
  } catch (error) {
    return (error as InvalidWorkloadError).problems;
  }
  return [];
};

describe('workload YAML', () => {
  it('expands a YCSB mix and fills the defaults', () => {
    const workload = parseWorkload(`
name: ycsb-b
seed: { seed: 7, size: 2 }
mix: B
keys: { distribution: zipfian }
rate: 200
durationSeconds: 5
`);
    expect(workload.operations).toEqual(YCSB_MIXES.B);
    expect(workload).toMatchObject({
      keys: { distribution: 'zipfian', theta: 0.99 },
      warmupSeconds: 0,
      concurrency: 8,
      repetitions: 1,
    });
  });

  it('reports every problem with its path', () => {
    const problems = problemsOf(`
name: Bad Name
seed: { seed: 7, size: 0 }
operations:
  - { name: point-read, weight: 1 }
  - { name: teleport, weight: 2 }
  - { name: point-read, weight: -1 }
rate: 200
durationSeconds: 5
extra: true
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'name' }),
        expect.objectContaining({ path: 'seed.size' }),
        expect.objectContaining({ path: 'operations.1.name' }),
        expect.objectContaining({ path: 'operations.2.weight' }),
        expect.objectContaining({ path: '', message: expect.stringContaining('extra') }),
      ]),
    );
  });

  it('refuses both a mix and operations, and a name listed twice', () => {
    expect(
      problemsOf(`
name: both
seed: { seed: 1, size: 1 }
mix: A
operations: [{ name: top-books, weight: 1 }, { name: top-books, weight: 2 }]
rate: 10
durationSeconds: 1
`),
    ).toEqual([
      { path: 'operations', message: 'give either `mix` or `operations`, not both' },
      { path: 'operations.1.name', message: '"top-books" is listed twice' },
    ]);
  });

  it('reports YAML syntax errors instead of throwing them raw', () => {
    expect(problemsOf('name: [unclosed')).toEqual([expect.objectContaining({ path: '' })]);
  });
});
