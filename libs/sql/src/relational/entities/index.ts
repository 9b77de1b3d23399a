import { BookEntity } from './book.entity';
import { CustomerEntity } from './customer.entity';
import { OrderLineEntity } from './order-line.entity';
import { OrderEntity } from './order.entity';
import { WishlistItemEntity } from './wishlist-item.entity';

export { BookEntity, CustomerEntity, OrderEntity, OrderLineEntity, WishlistItemEntity };

/** Listed as classes for the same reason as migrations: no globs in a bundle. */
export const RELATIONAL_ENTITIES = [CustomerEntity, BookEntity, OrderEntity, OrderLineEntity, WishlistItemEntity];
