import { CreateRelationalBookstore1764000000000 } from './1764000000000-create-relational-bookstore';
import { CreateDocumentBookstore1764000100000 } from './1764000100000-create-document-bookstore';

/** Every migration, oldest first. Classes, not globs: example apps ship as webpack bundles. */
export const BOOKSTORE_MIGRATIONS = [CreateRelationalBookstore1764000000000, CreateDocumentBookstore1764000100000];
