import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

const root = fileURLToPath(new URL('.', import.meta.url));

// Built into dist/dashboard at the repository root; the gateway serves it at `/` (same origin as the API).
export default defineConfig({
  root,
  base: '/',
  plugins: [
    vue(),
    // Element Plus components (and their CSS) are bundled where a page uses them, not all on every page.
    // Our own components are imported explicitly (dirs: []), so two areas may each have, say, a Chip.vue.
    components({ dirs: [], resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
  ],
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Libraries every page needs stay in a few long-cached chunks; each page is its own chunk.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/ },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus)[\\/]/ },
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy: { '^/(api|auth|admin|audit)(/|\\?|$)': 'http://127.0.0.1:3000' } },
});
