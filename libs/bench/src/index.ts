export * from './stats';
export * from './report';
export { runtimeSuite, type SuiteContext } from './suites/runtime.suite';
export { resetSuite } from './suites/reset.suite';
export { classroomSuite, type ClassroomLabSettings } from './suites/classroom.suite';
export { launchSuite, LAUNCH_EXAMPLES, type LaunchLabSettings } from './suites/launch.suite';
export { apiSuite, type ApiLabSettings } from './suites/api.suite';
export { compareSuite, DEFAULT_COMPARE_WORKLOAD, type CompareSuiteOptions } from './suites/compare.suite';
