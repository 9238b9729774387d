import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SECURITY_HEADERS } from '../security/csp.js';
import { readStaticFile } from '../security/static-files.js';

export interface RendererServer {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer on 127.0.0.1 (a port the OS picks), with the same CSP the Electron
 * app:// protocol sends. Module scripts need http(s): file:// is blocked by CORS.
 */
export async function serveRenderer(rendererDir: string): Promise<RendererServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    void readStaticFile(rendererDir, new URL(req.url ?? '/', 'http://x').pathname).then((file) => {
      res.writeHead(file.status, { 'Content-Type': file.contentType, 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
