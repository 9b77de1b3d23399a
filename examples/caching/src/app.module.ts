import { Module } from '@nestjs/common';
import { LabModule } from './lab/lab.module';
import { ProductsModule } from './products/products.module';
import { StoresModule } from './stores/stores.module';

@Module({ imports: [StoresModule, LabModule, ProductsModule] })
export class AppModule {}
