import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';
import { RouteError } from './RouteError';
import { loadAgainOnFailure } from './load-again';

/** A page module (it exports `Component`), loaded on demand and again when its request fails. */
const page = loadAgainOnFailure;

/**
 * Every page, each loaded on demand (`lazy`): the first page's JavaScript stays small, and the
 * editor and terminal arrive only with the workspace.
 */
export const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, lazy: page(() => import('../pages/catalog/CatalogPage')) },
      { path: 'sign-in', lazy: page(() => import('../pages/sign-in/SignInPage')) },
      { path: 'join', lazy: page(() => import('../pages/join/JoinPage')) },
      { path: 'sandboxes/:id', lazy: page(() => import('../pages/workspace/WorkspacePage')) },
      { path: 'sandboxes/:id/terminal', lazy: page(() => import('../pages/workspace/terminal/TerminalPage')) },
      { path: 'sandboxes/:id/app', lazy: page(() => import('../pages/workspace/app/AppPage')) },
      { path: 'workshops', lazy: page(() => import('../pages/workshops/WorkshopsPage')) },
      { path: 'workshops/:id', lazy: page(() => import('../pages/workshops/BoardPage')) },
      { path: 'workshops/:id/join-screen', lazy: page(() => import('../pages/workshops/JoinScreenPage')) },
      { path: 'admin/tokens', lazy: page(() => import('../pages/admin/TokensPage')) },
      { path: 'admin/catalog', lazy: page(() => import('../pages/admin/CatalogAdminPage')) },
      { path: 'admin/system', lazy: page(() => import('../pages/admin/SystemPage')) },
      { path: 'compare', lazy: page(() => import('../pages/compare/ComparePage')) },
      { path: 'compare/:id', lazy: page(() => import('../pages/compare/ComparisonPage')) },
      { path: '*', lazy: page(() => import('../pages/NotFoundPage')) },
    ],
  },
]);
