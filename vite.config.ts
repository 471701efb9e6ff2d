import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app lives in src/web and is built into dist/web, which `onecity start` serves (ONECITY_WEB_DIST).
// Test configuration is deliberately not here: vitest.config.ts (server) and vitest.browser.config.ts own it.
const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Vendor code split by library (higher priority claims a module first) so that no chunk carries the
        // whole dependency tree and a change in app code leaves the big vendor files cached.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie)[\\/]/,
              priority: 50,
            },
            { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 40 },
            {
              name: 'antd-base',
              test: /node_modules[\\/](@rc-component|rc-[\w-]+|@ant-design|@emotion|dayjs|stylis)[\\/]/,
              priority: 30,
            },
            { name: 'antd', test: /node_modules[\\/]antd[\\/]/, priority: 20 },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 20 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
