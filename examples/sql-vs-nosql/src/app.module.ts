import { Module } from '@nestjs/common';
import { BooksController } from './books/books.controller';
import { ConfigModule } from './config.module';
import { CustomersController } from './customers/customers.controller';
import { ExplainController } from './explain/explain.controller';
import { LabController } from './lab/lab.controller';
import { LabService } from './lab/lab.service';
import { OrdersController } from './orders/orders.controller';
import { ReportsController } from './reports/reports.controller';
import { StoresModule } from './stores/stores.module';

@Module({
  imports: [ConfigModule, StoresModule],
  // LabController first: its fixed paths (/lab/…, /health) must win over the `/:store/…` patterns.
  controllers: [
    LabController,
    BooksController,
    CustomersController,
    OrdersController,
    ReportsController,
    ExplainController,
  ],
  providers: [LabService],
})
export class AppModule {}
