import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTool } from '../helpers/describe-with-tool.js';
import { NGINX, type RunningNginx, startNginx } from '../helpers/nginx.js';
import { freePort } from '../helpers/playground-process.js';

// deploy/nginx/nmle-webhook.conf, run by Debian's nginx as this user: an update refused or unanswered by one
// instance reaches the other, and only the webhook path is served.
const PATH = '/telegram/updates';

/** An instance stand-in on a free port: answers each POST as `answer` says and records what it got. */
function instance(answer: (n: number) => number) {
  const received: { body: string; status: number }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (c) => {
      body += c;
    });
    request.on('end', () => {
      const status = answer(received.length + 1);
      received.push({ body, status });
      response.writeHead(status).end();
    });
  });
  return { server, received };
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

describeWithTool('the nginx site in deploy/', 'nginx-light', [NGINX], () => {
  const first = instance((n) => (n === 1 ? 503 : 200));
  const second = instance(() => 200);
  let nginx: RunningNginx | undefined;
  let base: string;

  beforeAll(async () => {
    const [a, b] = [await listen(first.server), await listen(second.server)];
    // A port nothing listens on: an instance that is down.
    const downPort = await freePort();
    nginx = await startNginx([downPort, a, b]);
    base = nginx.base;
  }, 30_000);
  afterAll(async () => {
    await nginx?.stop();
    await Promise.all([first.server, second.server].map((s) => new Promise((r) => s.close(r))));
  });

  const post = (n: number) =>
    fetch(`${base}${PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"update_id":${n}}`,
    });

  it('passes an update past an instance that is down and one that answers 503, to one that takes it', async () => {
    const answers = [];
    for (const n of [1, 2, 3]) answers.push((await post(n)).status);
    expect(answers).toEqual([200, 200, 200]);
    const all = [...first.received, ...second.received];
    // Each update was taken (2xx) exactly once; the one the first instance refused went on to another.
    const taken = all.filter((r) => r.status === 200).map((r) => r.body);
    expect(taken.sort()).toEqual(['{"update_id":1}', '{"update_id":2}', '{"update_id":3}']);
    const refused = all.filter((r) => r.status === 503).map((r) => r.body);
    expect(refused).toHaveLength(1);
    expect(taken).toContain(refused[0]);
  });

  it('serves nothing but the webhook path, /healthz included', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(404);
    expect((await fetch(`${base}/telegram/other`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
