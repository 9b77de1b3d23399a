import { Module } from '@nestjs/common';
import { labConfigProvider } from './config.provider';

/** One validated LabConfig per application; modules that need it import this module. */
@Module({ providers: [labConfigProvider], exports: [labConfigProvider] })
export class LabConfigModule {}
