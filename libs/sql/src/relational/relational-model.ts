import type { BookstoreModel } from '@lab/seed';
import type { DataSource } from 'typeorm';
import { changeBookPrice, getBook } from './books';
import { wishlist } from './customers';
import { orderHistory, placeOrder } from './orders';
import { topBooksByRevenue } from './reports';

/** The relational model behind the shared questions, for side-by-side comparison. */
export function relationalModel(db: DataSource): BookstoreModel {
  return {
    name: 'relational',
    getBook: (bookId) => getBook(db, bookId),
    wishlist: (customerId) => wishlist(db, customerId),
    orderHistory: (customerId) => orderHistory(db, customerId),
    topBooksByRevenue: (limit) => topBooksByRevenue(db, limit),
    changeBookPrice: (bookId, priceCents) => changeBookPrice(db, bookId, priceCents),
    placeOrder: (order, at) => placeOrder(db, order, at),
  };
}
