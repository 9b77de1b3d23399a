import { Module } from '@nestjs/common';
import { ProductsRepository } from './products.repository';

/** The source of truth: products in PostgreSQL. */
@Module({ providers: [ProductsRepository], exports: [ProductsRepository] })
export class CatalogModule {}
