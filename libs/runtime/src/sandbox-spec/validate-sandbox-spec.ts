import { SpecIssue, SpecValidationError } from '../errors';
import { SandboxSpec, sandboxIdSchema, sandboxSpecSchema, ServiceSpec } from './sandbox-spec.schema';

const volumeName = /^[a-z][a-z0-9-]{0,30}$/;

/**
 * Parses and checks a spec completely before anything touches Docker.
 * @param allowedImages the image kit's keys: anything else is refused.
 */
export function validateSandboxSpec(input: unknown, allowedImages: readonly string[]): SandboxSpec {
  const parsed = sandboxSpecSchema.safeParse(input);
  if (!parsed.success) {
    throw new SpecValidationError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  const spec = parsed.data;
  const issues = [
    ...checkServices(spec.services, allowedImages),
    ...checkDependencies(spec.services),
    ...checkStartOnFirstUse(spec.services),
  ];
  if (issues.length > 0) throw new SpecValidationError(issues);
  return spec;
}

export function validateSandboxId(id: unknown): string {
  const parsed = sandboxIdSchema.safeParse(id);
  if (!parsed.success) {
    throw new SpecValidationError([{ path: 'id', message: parsed.error.issues[0]?.message ?? 'invalid' }]);
  }
  return parsed.data;
}

function checkServices(services: ServiceSpec[], allowedImages: readonly string[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seen = new Set<string>();
  services.forEach((service, index) => {
    const at = `services.${index}`;
    if (seen.has(service.name))
      issues.push({ path: `${at}.name`, message: `duplicate service name "${service.name}"` });
    seen.add(service.name);

    if (!allowedImages.includes(service.image)) {
      issues.push({
        path: `${at}.image`,
        message: `image "${service.image}" is not in the image kit's allowlist (${allowedImages.join(', ')})`,
      });
    }
    if (new Set(service.ports).size !== service.ports.length) {
      issues.push({ path: `${at}.ports`, message: 'a port is listed twice' });
    }
    service.volumes.forEach((volume, v) => {
      if (volume.source.startsWith('/') || volume.source.startsWith('.') || volume.source.includes('/')) {
        issues.push({
          path: `${at}.volumes.${v}.source`,
          message: `host bind mounts are not allowed ("${volume.source}"); use a volume name`,
        });
      } else if (!volumeName.test(volume.source)) {
        issues.push({ path: `${at}.volumes.${v}.source`, message: 'must be a volume name of a-z, 0-9 or "-"' });
      }
    });
    service.readiness?.probes.forEach((probe, p) => {
      if (!service.ports.includes(probe.port)) {
        issues.push({
          path: `${at}.readiness.probes.${p}.port`,
          message: `probe port ${probe.port} is not one of the service's ports`,
        });
      }
    });
  });
  return issues;
}

function checkDependencies(services: ServiceSpec[]): SpecIssue[] {
  const names = new Set(services.map((s) => s.name));
  const issues: SpecIssue[] = [];
  services.forEach((service, index) => {
    for (const dependency of service.dependsOn) {
      if (dependency === service.name) {
        issues.push({ path: `services.${index}.dependsOn`, message: `"${service.name}" depends on itself` });
      } else if (!names.has(dependency)) {
        issues.push({ path: `services.${index}.dependsOn`, message: `unknown service "${dependency}"` });
      }
    }
  });
  if (issues.length === 0) {
    try {
      startOrder(services);
    } catch (error) {
      issues.push({ path: 'services', message: (error as Error).message });
    }
  }
  return issues;
}

/**
 * A service started on first use is not running when the sandbox is ready: nothing may wait for it,
 * and no address of it can be recorded then.
 */
function checkStartOnFirstUse(services: ServiceSpec[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  services.forEach((service, index) => {
    if (!service.startOnFirstUse) return;
    const at = `services.${index}`;
    if (service.ports.length > 0)
      issues.push({ path: `${at}.ports`, message: 'a service started on first use cannot publish ports' });
    if (service.readiness)
      issues.push({ path: `${at}.readiness`, message: 'a service started on first use has no readiness to wait for' });
    services.forEach((other, o) => {
      if (other.dependsOn.includes(service.name))
        issues.push({
          path: `services.${o}.dependsOn`,
          message: `"${service.name}" starts on first use: "${other.name}" cannot wait for it`,
        });
    });
  });
  return issues;
}

/**
 * Groups services into waves: every service starts after the waves holding its dependencies,
 * and services of one wave start together.
 */
export function startOrder(services: readonly ServiceSpec[]): ServiceSpec[][] {
  const waves: ServiceSpec[][] = [];
  const placed = new Set<string>();
  let remaining = [...services];
  while (remaining.length > 0) {
    const wave = remaining.filter((s) => s.dependsOn.every((d) => placed.has(d)));
    if (wave.length === 0) {
      throw new Error(`dependency cycle between ${remaining.map((s) => `"${s.name}"`).join(', ')}`);
    }
    wave.forEach((s) => placed.add(s.name));
    waves.push(wave);
    remaining = remaining.filter((s) => !placed.has(s.name));
  }
  return waves;
}
