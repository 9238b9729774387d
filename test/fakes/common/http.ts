import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A test server on 127.0.0.1 and a port the OS picks. Open sockets are dropped on close. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake server error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function randomId(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

/** What every cloud fake shares: a local server it answers on, started and stopped by the tests. */
export abstract class FakeServer {
  private server: RunningServer | undefined;
  /** Requests whose client went away before the answer was sent (an aborted call). */
  abandoned = 0;
  /** Requests received and not yet answered or abandoned. */
  inFlight = 0;
  /** How long each answer is held back (a slow or hanging cloud). */
  latencyMs = 0;
  /** Requests being held back right now: a test waits on this state, never on seconds. */
  held = 0;

  get url(): string {
    if (!this.server) throw new Error('fake not started');
    return this.server.url;
  }

  async start(): Promise<this> {
    this.server = await listen((req, res) => {
      this.inFlight += 1;
      res.on('close', () => {
        this.inFlight -= 1;
        if (!res.writableFinished) this.abandoned += 1;
      });
      return this.handle(req, res);
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /**
   * Hold the answer back for `latencyMs`, or until the client goes away. Returns false when it went
   * away: the caller then answers nothing, as a server whose client hung up.
   */
  protected async delay(res: ServerResponse): Promise<boolean> {
    if (!this.latencyMs) return true;
    this.held += 1;
    try {
      return await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), this.latencyMs);
        res.once('close', () => (clearTimeout(timer), resolve(false)));
      });
    } finally {
      this.held -= 1;
    }
  }
}
