import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, loadAppConfig } from './config';

/** Read once at boot; tests replace it with `overrideProvider(APP_CONFIG)`. */
@Global()
@Module({ providers: [{ provide: APP_CONFIG, useFactory: () => loadAppConfig() }], exports: [APP_CONFIG] })
export class ConfigModule {}
