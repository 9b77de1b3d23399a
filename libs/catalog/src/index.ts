export * from './example-manifest.schema';
export { loadCatalog, MANIFEST_FILE, type Catalog, type CatalogProblem } from './load-catalog';
export { compileSandbox, connectionUrl, type CompiledSandbox, type ServiceConnection } from './compile-sandbox';
export { generateSecret, generateSecrets } from './secrets';
export * from './lab-steps.schema';
export { runLabCheck, applyLabAction } from './lab/run-lab';
export { DEFAULT_LAB_CHECK_LIMITS, LabCheckTimeout, LabResultTooLarge, type LabCheckLimits } from './lab/limits';
export { containsJson } from './lab/json-subset';
export type { LabTarget, LabCheckResult } from './lab/lab-target';
