import { LabConfig, loadLabConfig } from '@lab/config';
import { Provider } from '@nestjs/common';

export const LAB_CONFIG = Symbol('LAB_CONFIG');

/** The environment is validated once, at boot; a bad value stops the app with a clear message. */
export const labConfigProvider: Provider<LabConfig> = { provide: LAB_CONFIG, useFactory: () => loadLabConfig() };
