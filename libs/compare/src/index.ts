// Public surface of @lab/compare: workloads as data, the open-loop harness with HDR histograms,
// answer checks against the seed, the comparison runner, its reports, and the engines.
export * from './workload';
export * from './keys';
export * from './schedule';
export * from './histogram';
export * from './open-loop';
export * from './engine';
export * from './plan';
export * from './explain';
export * from './diff';
export * from './verify';
export * from './run-comparison';
export * from './report';
export * from './engines';
