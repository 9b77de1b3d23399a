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
      { path: '*', lazy: () => import('../pages/NotFoundPage') },
    ],
  },
]);
