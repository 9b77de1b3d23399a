import { resolve } from 'node:path';
import { defineConfig, loadEnv } from 'vite';

/**
 * The web app (apps/web): built into dist/web, which the control API serves at `/`. `npx vite
 * apps/web` is the dev server: pages hot-reload and `/api`, `/health` (and WebSockets: terminal,
 * app proxy) go to the API at LAB_API_URL (default http://127.0.0.1:3000), so the session cookie
 * and the Origin rule behave as in production (one origin).
 */
export default defineConfig(({ mode }) => {
  const api = loadEnv(mode, process.cwd(), 'LAB_').LAB_API_URL ?? 'http://127.0.0.1:3000';
  const toApi = { target: api, changeOrigin: false, ws: true };
  return {
    root: __dirname,
    // JSX through Vite's own transform (React's automatic runtime, from tsconfig's "jsx").
    resolve: { alias: { '@lab/api-client': resolve(__dirname, '../../libs/api-client/src') } },
    build: {
      outDir: resolve(__dirname, '../../dist/web'),
      emptyOutDir: true,
      sourcemap: true,
      // Each page's code loads when it is opened; the budget (500 KiB gzipped for the first page)
      // is checked by `npm run bench -- web`.
      chunkSizeWarningLimit: 1_000,
      rolldownOptions: {
        onwarn(warning, warn) {
          // Mantine marks its modules "use client" for React Server Components; a browser bundle has none.
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
    server: { host: '127.0.0.1', proxy: { '/api': toApi, '/health': toApi } },
  };
});
