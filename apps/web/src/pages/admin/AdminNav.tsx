import { Anchor, Group } from '@mantine/core';
import { NavLink } from 'react-router';

/** The admin pages, one link each (the header links only to the first). */
export function AdminNav() {
  return (
    <Group component="nav" aria-label="Admin" gap="md">
      <Anchor component={NavLink} to="/admin/system">
        System
      </Anchor>
      <Anchor component={NavLink} to="/admin/tokens">
        Tokens
      </Anchor>
      <Anchor component={NavLink} to="/admin/catalog">
        Catalog
      </Anchor>
    </Group>
  );
}
