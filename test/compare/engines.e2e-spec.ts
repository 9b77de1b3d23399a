import {
  AnswerMismatchError,
  checkAnswers,
  COMPARE_ENGINES,
  runComparison,
  validateWorkload,
  type CompareEngine,
  type ComparisonProgress,
  type OperationPlan,
} from '@lab/compare';
import { generateBookstore } from '@lab/seed';
import { availability, skipTitle } from '../support/availability';
import { createTestLab } from '../support/lab-runtime';
import { startTestMongo, type TestMongo } from '../support/test-mongo';
import { startMariadb, startPostgres, startRedis } from '../engines/support/engine-sandboxes';

const mongoSource = availability().mongo;
const itWithMongo = mongoSource.kind === 'skip' ? it.skip : it;

const workload = validateWorkload({
  name: 'every-operation',
  seed: { seed: 11, size: 5 },
  operations: [
    { name: 'point-read', weight: 40 },
    { name: 'order-history', weight: 15 },
    { name: 'top-books', weight: 5 },
    { name: 'price-change', weight: 10 },
    { name: 'new-order', weight: 10 },
    { name: 'range-scan', weight: 10 },
    { name: 'read-modify-write', weight: 10 },
  ],
  keys: { distribution: 'zipfian' },
  rate: 100,
  durationSeconds: 2,
  warmupSeconds: 0.5,
  concurrency: 4,
  repetitions: 2,
});

/**
 * What an explained operation carries: PostgreSQL's EXPLAIN (FORMAT JSON) is `[{ Plan: … }]`,
 * MariaDB's EXPLAIN FORMAT=JSON `{ query_block: … }`; without a plan, the note's first words.
 */
function planShape(plan: OperationPlan): string {
  const root: unknown = Array.isArray(plan.plan) ? plan.plan[0] : plan.plan;
  const keys = typeof root === 'object' && root !== null ? Object.keys(root) : [];
  return keys.find((k) => k === 'Plan' || k === 'query_block') ?? `note: ${(plan.note ?? '').split(':')[0]}`;
}

/**
 * The engines on real PostgreSQL, MariaDB and Redis sandboxes (MongoDB where the kit has it): each
 * answers every operation like the seed's reference, a comparison times them one after another, and
 * a wrong answer on one engine stops the run before anything is timed.
 */
describe('compare engines on real databases', () => {
  const lab = createTestLab();
  const store = generateBookstore(workload.seed);
  const engines: CompareEngine[] = [];

  beforeAll(async () => {
    const [pg, maria, redis] = await Promise.all([
      startPostgres(lab, 'cmp-pg'),
      startMariadb(lab, 'cmp-maria'),
      startRedis(lab, 'cmp-redis'),
    ]);
    engines.push(
      await COMPARE_ENGINES.postgresql.open(pg),
      await COMPARE_ENGINES['postgresql-jsonb'].open(pg),
      await COMPARE_ENGINES.mariadb.open(maria),
      await COMPARE_ENGINES.redis.open(redis),
    );
  }, 180_000);

  afterAll(async () => {
    try {
      await Promise.all(engines.map((e) => e.close().catch(() => undefined)));
    } finally {
      await lab.reap();
    }
  });

  it('answers every operation like the seed on PostgreSQL tables and JSONB, MariaDB and Redis', async () => {
    const mismatches = [];
    for (const engine of engines) {
      await engine.load(store);
      mismatches.push(...(await checkAnswers(engine, store)));
    }
    expect(mismatches).toEqual([]);
  });

  it("explains every operation through the console's explain: PostgreSQL and MariaDB plans, Redis notes", async () => {
    const explained = [];
    for (const engine of engines) {
      await engine.load(store);
      const plans = await engine.explain!();
      explained.push({
        engine: engine.name,
        operations: plans.map((p) => p.operation),
        shapes: plans.map(planShape),
      });
    }
    const operations = ['point-read', 'order-history', 'top-books', 'price-change', 'new-order', 'range-scan'];
    expect(explained).toEqual([
      { engine: 'postgresql', operations, shapes: operations.map(() => 'Plan') },
      { engine: 'postgresql-jsonb', operations, shapes: operations.map(() => 'Plan') },
      { engine: 'mariadb', operations, shapes: operations.map(() => 'query_block') },
      { engine: 'redis', operations, shapes: operations.map(() => 'note: No query planner') },
    ]);
    // Plan mode never runs a write: the price of book 1 is the seed's after explaining its UPDATE.
    expect(await engines[0]!.pointRead(1)).toEqual(store.books[0]);
  });

  it('times every engine × operation one engine after another, with spread over repetitions', async () => {
    const phases: ComparisonProgress[] = [];
    const result = await runComparison({ workload, engines, onProgress: (p) => phases.push(p) });
    expect(result.engines.map((e) => e.engine)).toEqual(['postgresql', 'postgresql-jsonb', 'mariadb', 'redis']);
    for (const engine of result.engines) {
      expect(engine.repetitions).toHaveLength(2);
      expect(engine.operations.map((o) => o.operation)).toEqual(workload.operations.map((o) => o.name));
      expect(engine.operations.filter((o) => o.errors > 0)).toEqual([]);
    }
    // 100 op/s for 2 s, twice: every scheduled operation completed on every engine.
    expect(result.engines.map((e) => e.operations.reduce((n, o) => n + o.latency.count, 0))).toEqual([
      400, 400, 400, 400,
    ]);
    // Engines never overlap: once the runs move to the next engine, the previous one is never run again.
    const runOrder = phases.filter((p) => p.phase === 'running').map((p) => p.engine);
    expect([...new Set(runOrder)]).toEqual(['postgresql', 'postgresql-jsonb', 'mariadb', 'redis']);
    // Plans come with the results, in the workload's order (read-modify-write points at its parts).
    expect(result.engines.map((e) => e.plans.map((p) => p.operation))).toEqual(
      result.engines.map(() => workload.operations.map((o) => o.name)),
    );
    expect(runOrder.join(',')).toMatch(/^(postgresql,)*(postgresql-jsonb,)*(mariadb,)*(redis,?)*$/);
  });

  it('fails the run with a readable difference when one engine answers wrongly, before timing anything', async () => {
    const redis = engines.find((e) => e.name === 'redis')!;
    const wrong: CompareEngine = {
      ...redis,
      // A deliberately wrong implementation: forgets the tie-break and returns the first book twice.
      topBooks: async (limit) => {
        const top = await redis.topBooks(limit);
        return [top[0]!, ...top.slice(0, -1)];
      },
    };
    const phases: string[] = [];
    const run = runComparison({ workload, engines: [engines[0]!, wrong], onProgress: (p) => phases.push(p.phase) });
    await expect(run).rejects.toThrow(AnswerMismatchError);
    await expect(run).rejects.toThrow(/redis · top-books\(10\):\n {2}\[1\]\.bookId: expected \d+, got \d+/);
    expect(phases).not.toContain('running');
  });

  describe('MongoDB documents', () => {
    let mongo: TestMongo | undefined;
    afterAll(async () => {
      await mongo?.close();
    });

    itWithMongo(`answers every operation like the seed${skipTitle(mongoSource)}`, async () => {
      mongo = await startTestMongo(lab, mongoSource, 'cmp-mongo');
      const engine = await COMPARE_ENGINES.mongodb.open(mongo.url);
      try {
        await engine.load(store);
        expect(await checkAnswers(engine, store)).toEqual([]);
      } finally {
        await engine.close();
      }
    });
  });
});
