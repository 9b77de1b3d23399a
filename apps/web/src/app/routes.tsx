import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';
import { RouteError } from './RouteError';

/**
 * Every page, each loaded on demand (`lazy`): the first page's JavaScript stays small, and the
 * editor and terminal arrive only with the workspace. A page module exports `Component`.
 */
export const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, lazy: () => import('../pages/catalog/CatalogPage') },
      { path: 'sign-in', lazy: () => import('../pages/sign-in/SignInPage') },
      { path: 'join', lazy: () => import('../pages/join/JoinPage') },
      { path: 'sandboxes/:id', lazy: () => import('../pages/workspace/WorkspacePage') },
      { path: 'sandboxes/:id/terminal', lazy: () => import('../pages/workspace/terminal/TerminalPage') },
      { path: 'sandboxes/:id/app', lazy: () => import('../pages/workspace/app/AppPage') },
      { path: 'workshops', lazy: () => import('../pages/workshops/WorkshopsPage') },
      { path: 'workshops/:id', lazy: () => import('../pages/workshops/BoardPage') },
      { path: 'workshops/:id/join-screen', lazy: () => import('../pages/workshops/JoinScreenPage') },
      { path: 'admin/tokens', lazy: () => import('../pages/admin/TokensPage') },
      { path: 'admin/catalog', lazy: () => import('../pages/admin/CatalogAdminPage') },
      { path: 'admin/system', lazy: () => import('../pages/admin/SystemPage') },
      { path: 'compare', lazy: () => import('../pages/compare/ComparePage') },
      { path: 'compare/:id', lazy: () => import('../pages/compare/ComparisonPage') },
      { path: '*', lazy: () => import('../pages/NotFoundPage') },
    ],
  },
]);
