import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

/**
 * The two web apps (web/portal, web/governance), built by `npm run setup` into
 * .data/web (scripts/build-web.mjs) and served by the gateway; `npm run dev:web`
 * serves them with hot reload and sends /api and /auth to a running gateway.
 */
const root = fileURLToPath(new URL('./web', import.meta.url));
const gatewayUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

/** The same URLs as the gateway: /extranet… is the portal, /extranet-governance… is governance. */
function appUrls(): Plugin {
  return {
    name: 'extranet-app-urls',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (path === '/extranet-governance' || path.startsWith('/extranet-governance/')) req.url = '/governance/index.html';
        else if (path === '/extranet' || path.startsWith('/extranet/')) req.url = '/portal/index.html';
        next();
      });
    },
  };
}

// The gateway refuses a mutation whose Origin is not its own (CSRF): through the dev server the Origin is the gateway's.
const toGateway: ProxyOptions = {
  target: gatewayUrl,
  configure(proxy) {
    proxy.on('proxyReq', (req) => {
      if (req.getHeader('origin')) req.setHeader('origin', new URL(gatewayUrl).origin);
    });
  },
};

export default defineConfig({
  root,
  appType: 'mpa',
  plugins: [preact(), appUrls()],
  server: {
    host: '127.0.0.1',
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: { '/api': toGateway, '/auth': toGateway },
  },
  build: {
    outDir: process.env.WEB_OUT_DIR ?? fileURLToPath(new URL('./.data/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline scripts or styles: the gateway's Content-Security-Policy allows neither.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { portal: `${root}/portal/index.html`, governance: `${root}/governance/index.html` },
    },
  },
});
