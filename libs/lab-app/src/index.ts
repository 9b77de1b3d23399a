// The example-app contract, shared by every app under examples/: the lab routes (`POST /lab/reset`,
// `GET /lab/checksum`, `GET /health`) around the example's own LabAppContract, the HTTP setup
// (problem+json, validation, OpenAPI at /docs) and main.ts's bootstrap.
export {
  fingerprint,
  type LabAppContract,
  type RestoredStore,
  type StoreProbe,
  type StoreState,
} from './lab-app.contract';
export { connectAtBoot, type LazyClient } from './connect-at-boot';
export { LabAppModule } from './lab-app.module';
export type { HealthLayout, LabAppOptions, LabStore } from './lab-app.options';
export {
  bootstrapLabApp,
  configureLabApp,
  LAB_APP_DOCS_PATH,
  type LabAppBootstrap,
  type LabAppHttp,
} from './lab-app.http';
