// Public surface of @lab/nosql: the bookstore's document model on MongoDB (official driver):
// collections and indexes, pure pipeline builders, use cases returning plain objects, a
// multi-document transaction (replica set required), explain, seeding, reset and checksums.
export * from './collections';
export * from './pipelines';
export { toMongoDocuments, type MongoBookstoreDocuments } from './mongo-documents';
export * from './mongo-bookstore';
export { seedMongo, resetMongo } from './seed-mongo';
export { checksumDocuments, checksumMongo, type CollectionChecksum } from './checksum';
