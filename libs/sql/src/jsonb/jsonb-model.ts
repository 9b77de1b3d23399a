import type { BookstoreModel } from '@lab/seed';
import type { DataSource } from 'typeorm';
import { changeBookPriceDocument, getBookDocument } from './book-documents';
import { wishlistDocument } from './customer-documents';
import { orderHistoryDocument, placeOrderDocument } from './order-documents';
import { topBooksByRevenueDocument } from './reports-jsonb';

/** The document model on PostgreSQL JSONB behind the shared questions. */
export function jsonbModel(db: DataSource): BookstoreModel {
  return {
    name: 'jsonb',
    getBook: (bookId) => getBookDocument(db, bookId),
    wishlist: (customerId) => wishlistDocument(db, customerId),
    orderHistory: (customerId) => orderHistoryDocument(db, customerId),
    topBooksByRevenue: (limit) => topBooksByRevenueDocument(db, limit),
    changeBookPrice: (bookId, priceCents) => changeBookPriceDocument(db, bookId, priceCents),
    placeOrder: (order, at) => placeOrderDocument(db, order, at),
  };
}
