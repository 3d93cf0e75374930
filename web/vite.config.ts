import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is served by the Sift server at `/` (history routing with SPA fallback for non-/api paths).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/auth': 'http://127.0.0.1:8080' },
  },
});
