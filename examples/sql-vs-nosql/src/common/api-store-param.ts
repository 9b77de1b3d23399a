import { applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { STORE_NAMES } from '../stores/bookstore-store';

/** Every route of the API exists once per store: relational SQL, PostgreSQL JSONB, MongoDB. */
export function ApiStoreParam() {
  return applyDecorators(
    ApiParam({
      name: 'store',
      enum: STORE_NAMES,
      description: '`sql`: relational tables · `jsonb`: documents in PostgreSQL · `mongo`: MongoDB (503 when absent)',
    }),
  );
}
