// Public surface of @lab/seed: the bookstore domain, its deterministic generator, its document form
// and the reference answers the stores are tested against. Pure: no I/O.
export * from './bookstore';
export { generateBookstore, MAX_SIZE, SIZE_FACTORS, type BookstoreOptions } from './generate-bookstore';
export * from './documents';
export * from './reference-answers';
export { lockOrder, validateNewOrder } from './new-order';
