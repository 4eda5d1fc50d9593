// Vite bundles the playground: www/ is the root, the bundle goes to dist/ at the repository top.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
  server: { fs: { allow: ['..'] } },
});
