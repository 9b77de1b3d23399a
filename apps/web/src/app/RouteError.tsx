import { Container } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorView } from '../components/ErrorView';

/** A page that failed to load or render (e.g. its code chunk is gone after an upgrade). */
export function RouteError() {
  const error = useRouteError();
  const shown = isRouteErrorResponse(error) ? new Error(`${error.status} ${error.statusText}`) : error;
  return (
    <Container size="sm" py="xl">
      <ErrorView error={shown} onRetry={() => window.location.reload()} />
    </Container>
  );
}
