import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback load balancer in front of several app processes, as HubSpot reaches a deployment
 * through one URL: requests go round robin to the processes that answer; when one is down (killed),
 * the next is tried, and with none up the caller gets a 502, which HubSpot retries later.
 */
export class Balancer {
  private next = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly backends: () => string[],
  ) {}

  static async start(backends: () => string[]): Promise<Balancer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const balancer = new Balancer(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      backends,
    );
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void balancer.forward(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks), res);
      });
    });
    return balancer;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async forward(
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const targets = this.backends();
    for (let tried = 0; tried < targets.length; tried += 1) {
      const target = targets[(this.next++ + tried) % targets.length] as string;
      const answer = await send(target, method, path, headers, body).catch(() => null);
      if (!answer) continue;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('no app process is up');
  }
}

function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${base}${path}`, { method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 502,
          headers: incoming.headers,
          body: Buffer.concat(chunks),
        }),
      );
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
