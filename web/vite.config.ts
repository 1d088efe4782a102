import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { buildGeo } from './admin1.ts';

const VIRTUAL_GEO = 'virtual:geo';

/** Serves the offline borders and derived admin-1 areas as a lazily loaded module. */
function offlineGeo(): Plugin {
  return {
    name: 'chokepoint-offline-geo',
    resolveId(id) {
      return id === VIRTUAL_GEO ? '\0' + VIRTUAL_GEO : undefined;
    },
    load(id) {
      if (id !== '\0' + VIRTUAL_GEO) return undefined;
      const geo = buildGeo();
      return `export const topology = JSON.parse(${JSON.stringify(JSON.stringify(geo.topology))});
export const admin1 = JSON.parse(${JSON.stringify(JSON.stringify(geo.admin1))});`;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react(), offlineGeo()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/openapi.json': 'http://127.0.0.1:8080' },
  },
});
