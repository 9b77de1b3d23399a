import { type DynamicModule, Module } from '@nestjs/common';
import type { LabAppContract } from './lab-app.contract';
import { labAppController } from './lab-app.controller';
import type { LabAppOptions } from './lab-app.options';
import { LabAppService } from './lab-app.service';

/**
 * The example-app contract as a module: the example says what reset, checksum and health mean for
 * its stores (a `LabAppContract`), this module serves the routes the control API and the readiness
 * probe call, with the same paths, bodies and status codes in every example.
 *
 * ```ts
 * LabAppModule.forRoot({
 *   contract: LabService,
 *   imports: [StoresModule],
 *   stores: { postgres: { checksum: 'SHA-256 over every table and sequence' } },
 *   resetDescription: 'PostgreSQL: cloned again from its seed template.',
 * })
 * ```
 */
@Module({})
export class LabAppModule {
  static forRoot<Store extends string>(options: LabAppOptions<Store>): DynamicModule {
    return {
      module: LabAppModule,
      imports: options.imports ?? [],
      providers: [
        options.contract,
        {
          provide: LabAppService,
          inject: [options.contract],
          useFactory: (contract: LabAppContract<Store>) => new LabAppService(contract, options),
        },
      ],
      controllers: [labAppController(options)],
    };
  }
}
