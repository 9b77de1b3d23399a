import { applyLabAction, ExampleManifest, runLabCheck } from '@lab/catalog';
import { createTestLab } from '../support/lab-runtime';
import { launchExample, LaunchedExample, loadExamples } from './support/launch-example';

// Every example of the catalog, launched as a student gets it (the lab-apps image, real stores):
// its lab's checks fail on an untouched sandbox where the step asks for a change and pass after
// the documented solution; its reset restores the exact seed (checksums) in place.
const lab = createTestLab();
const examples = loadExamples(lab);

/** Why an example cannot run on this machine (an image it needs is missing), or undefined. */
async function unavailable(example: ExampleManifest): Promise<string | undefined> {
  for (const service of example.services) {
    const missing = await lab.images.resolve(service.image).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (missing) return missing;
  }
  return undefined;
}

afterAll(() => lab.reap());

it('has examples with guided labs and reset entry points', () => {
  expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['sql-vs-nosql', 'caching', 'auth']));
  for (const example of examples) {
    expect({ name: example.name, hasSteps: (example.lab?.steps.length ?? 0) > 0 }).toEqual({
      name: example.name,
      hasSteps: true,
    });
    expect(example.reset).toBeDefined();
  }
});

describe.each(examples.map((example) => [example.name, example] as const))('example %s', (_name, example) => {
  let launched: LaunchedExample | undefined;
  let skip: string | undefined;
  let seedChecksum: Record<string, unknown>;

  beforeAll(async () => {
    skip = await unavailable(example);
    if (skip) {
      console.warn(`SKIPPED example ${example.name}: ${skip}`);
      return;
    }
    launched = await launchExample(lab, example);
    seedChecksum = await launched.checksum();
  }, 300_000);
  afterAll(async () => {
    if (launched) await lab.runtime.destroy(launched.sandboxId);
  });

  it('fails, untouched, every check whose step asks for a change, and passes the look-only ones', async () => {
    if (skip) return;
    const results = [];
    for (const step of example.lab?.steps ?? []) {
      const result = await runLabCheck(step.check, launched!.target);
      results.push({ step: step.id, passed: result.passed, detail: result.detail });
    }
    const expected = (example.lab?.steps ?? []).map((step) => ({
      step: step.id,
      passed: step.solution.length === 0,
      detail: expect.any(String),
    }));
    expect(results).toEqual(expected);
  });

  it('passes every check once the documented solutions are applied, in order', async () => {
    if (skip) return;
    for (const step of example.lab?.steps ?? []) {
      for (const action of step.solution) await applyLabAction(action, launched!.target);
      const result = await runLabCheck(step.check, launched!.target);
      expect({ step: step.id, ...result }).toEqual({ step: step.id, passed: true, detail: expect.any(String) });
    }
  });

  it('resets in place to the exact seed (checksums), the same containers still running', async () => {
    if (skip) return;
    const before = (await lab.runtime.inspect(launched!.sandboxId))!.services.map((s) => s.containerId);
    expect(await launched!.checksum()).not.toEqual(seedChecksum); // the solutions changed data
    const response = await launched!.reset();
    expect(response.status).toBeLessThan(300);
    expect(await response.json()).toMatchObject({ restored: expect.any(Array) });
    expect(await launched!.checksum()).toEqual(seedChecksum);
    expect((await lab.runtime.inspect(launched!.sandboxId))!.services.map((s) => s.containerId)).toEqual(before);
    // Untouched again: the steps that ask for a change fail again.
    for (const step of (example.lab?.steps ?? []).filter((s) => s.solution.length > 0)) {
      expect({ step: step.id, passed: (await runLabCheck(step.check, launched!.target)).passed }).toEqual({
        step: step.id,
        passed: false,
      });
    }
  });
});
