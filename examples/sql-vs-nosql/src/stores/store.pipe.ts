import { HttpStatus, Injectable, PipeTransform } from '@nestjs/common';
import { ProblemException } from '@lab/http-problems';
import { BookstoreStore, STORE_NAMES, StoreName } from './bookstore-store';
import { StoreRegistry } from './store-registry';

export function isStoreName(value: string): value is StoreName {
  return (STORE_NAMES as readonly string[]).includes(value);
}

/** `:store` of a URL → the store itself; an unknown name is an unknown resource (404). */
@Injectable()
export class StorePipe implements PipeTransform<string, BookstoreStore> {
  constructor(private readonly registry: StoreRegistry) {}

  transform(value: string): BookstoreStore {
    if (!isStoreName(value)) {
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        `There is no store "${value.slice(0, 40)}": use ${STORE_NAMES.map((s) => `/${s}`).join(', ')}.`,
      );
    }
    return this.registry.get(value);
  }
}
