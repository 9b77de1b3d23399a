import { LabAppModule } from '@lab/lab-app';
import { Module } from '@nestjs/common';
import { BooksController } from './books/books.controller';
import { ConfigModule } from './config.module';
import { CustomersController } from './customers/customers.controller';
import { ExplainController } from './explain/explain.controller';
import { LabService } from './lab/lab.service';
import { OrdersController } from './orders/orders.controller';
import { ReportsController } from './reports/reports.controller';
import { StoresModule } from './stores/stores.module';

@Module({
  imports: [
    ConfigModule,
    StoresModule,
    // Its fixed paths (/lab/reset, /lab/checksum, /health) match none of the `/:store/<resource>` routes.
    LabAppModule.forRoot({
      contract: LabService,
      imports: [StoresModule],
      stores: {
        postgres: { checksum: 'SHA-256 over every table and sequence' },
        mongo: { checksum: 'SHA-256 over every collection', optional: true },
      },
      resetDescription:
        'PostgreSQL: DROP DATABASE … WITH (FORCE) and CREATE DATABASE … TEMPLATE <database>_seed (both models, ' +
        'your indexes included, go back). MongoDB: drop and reload. Containers, ports and passwords stay.',
      health: 'nested',
    }),
  ],
  controllers: [BooksController, CustomersController, OrdersController, ReportsController, ExplainController],
})
export class AppModule {}
