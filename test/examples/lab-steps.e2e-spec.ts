import { applyLabAction, ExampleManifest, runLabCheck } from '@lab/catalog';
import { availability, skipTitle } from '../support/availability';
import { createTestLab } from '../support/lab-runtime';
import { launchExample, LaunchedExample, loadExamples } from './support/launch-example';

// Every example of the catalog, launched as a student gets it (the lab-apps image, real stores):
// its lab's checks fail on an untouched sandbox where the step asks for a change and pass after
// the documented solution; its reset restores the exact seed (checksums) in place.
const lab = createTestLab();
// Every example but `compare`: it has no guided lab and no app (its harness loads and reloads the
// seed in each engine itself; test/compare/ covers it).
const examples = loadExamples(lab).filter((example) => example.name !== 'compare');
/** Each example's steps ([] without a lab: the first test fails then). */
const stepsOf = (example: ExampleManifest) => example.lab?.steps ?? [];

const mongoImage = availability().mongoImage;

/**
 * The one named reason an example may be skipped: it runs MongoDB and the `mongo` image is not on
 * this engine (no offline recipe exists). Any other missing or stale image (`lab-apps` included)
 * makes the launch, and so the tests, fail: `npm run test:e2e` prepares the images first.
 */
function describeFor(example: ExampleManifest): { run: jest.Describe; title: string } {
  const needsMongo = example.services.some((service) => service.image === 'mongo');
  if (needsMongo && mongoImage.kind === 'skip') return { run: describe.skip, title: skipTitle(mongoImage) };
  return { run: describe, title: '' };
}

afterAll(() => lab.reap());

it('has examples with guided labs and reset entry points', () => {
  expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['sql-vs-nosql', 'caching', 'auth']));
  for (const example of examples) {
    expect({ name: example.name, hasSteps: stepsOf(example).length > 0 }).toEqual({
      name: example.name,
      hasSteps: true,
    });
    expect(example.reset).toBeDefined();
  }
});

for (const example of examples) {
  const { run, title } = describeFor(example);
  run(`example ${example.name}${title}`, () => {
    let launched: LaunchedExample | undefined;
    let seedChecksum: Record<string, unknown>;

    beforeAll(async () => {
      launched = await launchExample(lab, example);
      seedChecksum = await launched.checksum();
    }, 300_000);
    afterAll(async () => {
      if (launched) await lab.runtime.destroy(launched.sandboxId);
    });

    it('fails, untouched, every check whose step asks for a change, and passes the look-only ones', async () => {
      const results = [];
      for (const step of stepsOf(example)) {
        const result = await runLabCheck(step.check, launched!.target);
        results.push({ step: step.id, passed: result.passed, detail: result.detail });
      }
      const expected = stepsOf(example).map((step) => ({
        step: step.id,
        passed: step.solution.length === 0,
        detail: expect.any(String),
      }));
      expect(results).toEqual(expected);
    });

    it('passes every check once the documented solutions are applied, in order', async () => {
      for (const step of stepsOf(example)) {
        for (const action of step.solution) await applyLabAction(action, launched!.target);
        const result = await runLabCheck(step.check, launched!.target);
        expect({ step: step.id, ...result }).toEqual({ step: step.id, passed: true, detail: expect.any(String) });
      }
    });

    it('resets in place to the exact seed (checksums), the same containers still running', async () => {
      const before = (await lab.runtime.inspect(launched!.sandboxId))!.services.map((s) => s.containerId);
      expect(await launched!.checksum()).not.toEqual(seedChecksum); // the solutions changed data
      const response = await launched!.reset();
      expect(response.status).toBeLessThan(300);
      expect(await response.json()).toMatchObject({ restored: expect.any(Array) });
      expect(await launched!.checksum()).toEqual(seedChecksum);
      expect((await lab.runtime.inspect(launched!.sandboxId))!.services.map((s) => s.containerId)).toEqual(before);
      // Untouched again: the steps that ask for a change fail again.
      for (const step of stepsOf(example).filter((s) => s.solution.length > 0)) {
        expect({ step: step.id, passed: (await runLabCheck(step.check, launched!.target)).passed }).toEqual({
          step: step.id,
          passed: false,
        });
      }
    });
  });
}
