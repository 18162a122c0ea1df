import { fileURLToPath } from 'node:url';
import optimizeLocales from '@react-aria/optimize-locales-plugin';
import { defineConfig } from 'vite';

// The renderer: plain React with esbuild's automatic JSX; relative asset paths so the same build
// loads from app:// on the desktop and from 127.0.0.1 in browser mode.
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // No source maps: browser mode would serve them (the renderer's source) and nothing needs them.
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // TanStack Query marks its modules "use client" for server components; meaningless in a bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  // React Aria (the date and time fields) ships its words in 30-odd languages; keep Arnika's four.
  plugins: [optimizeLocales.vite({ locales: ['de', 'fr', 'it', 'en'] })],
});
