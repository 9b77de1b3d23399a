// Public surface of @lab/sql: the bookstore on PostgreSQL, as relational tables (TypeORM entities
// stay inside) and as JSONB documents, plus explain, seeding, reset and checksums. Every use case
// returns plain objects.
export { createBookstoreDataSource, openBookstore, openBookstoreIfKept, type SqlConnectionConfig } from './connection';
export { BOOKSTORE_MIGRATIONS } from './migrations';
export { seedBookstore } from './seed-bookstore';
export { explain, type ExplainOptions } from './explain';
export { planSteps, type PlanNode, type PlanStep, type QueryPlan } from './plan';

export { MAX_PAGE, type BookInput, type CustomerInput, type CustomerRecord, type Page } from './relational/records';
export { createBook, getBook, listBooks, updateBook, deleteBook, changeBookPrice } from './relational/books';
export {
  createCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
  deleteCustomer,
  wishlist,
  WISHLIST_SQL,
} from './relational/customers';
export { orderHistory, getOrder, deleteOrder, placeOrder, ORDER_HISTORY_SQL } from './relational/orders';
export { topBooksByRevenue, TOP_BOOKS_SQL } from './relational/reports';
export { seedRelational } from './relational/seed-relational';
export { relationalModel } from './relational/relational-model';

export {
  createBookDocument,
  getBookDocument,
  listBookDocuments,
  updateBookDocument,
  deleteBookDocument,
  changeBookPriceDocument,
  SYNC_WISHLIST_COPIES_SQL,
} from './jsonb/book-documents';
export {
  createCustomerDocument,
  getCustomerDocument,
  listCustomerDocuments,
  updateCustomerDocument,
  deleteCustomerDocument,
  wishlistDocument,
} from './jsonb/customer-documents';
export {
  orderHistoryDocument,
  getOrderDocument,
  deleteOrderDocument,
  placeOrderDocument,
  ORDER_HISTORY_JSONB_SQL,
} from './jsonb/order-documents';
export { topBooksByRevenueDocument, TOP_BOOKS_JSONB_SQL } from './jsonb/reports-jsonb';
export { seedJsonb, DOCUMENT_TABLES } from './jsonb/seed-jsonb';
export { jsonbModel } from './jsonb/jsonb-model';

export { checksumDatabase, type DatabaseChecksum, type TableChecksum } from './reset/checksum';
export { ensureStudentRole } from './reset/student-role';
export { isLoginTheAdminMends, keptForStudent, type StudentQuery } from './reset/kept-boot';
export {
  databaseExists,
  hasSeedTemplate,
  prepareBoot,
  resetFromSeedTemplate,
  saveSeedTemplate,
  seedTemplateName,
  type BootState,
  type ResetTiming,
} from './reset/template-reset';
