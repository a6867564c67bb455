import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTool } from '../helpers/describe-with-tool.js';
import { waitUntil } from '../helpers/wait-until.js';

// deploy/nginx/nmle-webhook.conf, run by Debian's nginx as this user: an update refused or unanswered by one
// instance reaches the other, and only the webhook path is served.
const NGINX = '/usr/sbin/nginx';
const CONF = join(process.cwd(), 'deploy/nginx/nmle-webhook.conf');
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

/** The deployed config with this test's ports, without TLS (the certificate is the operator's). */
function testConfig(listenPort: number, upstreams: number[]): string {
  const site = readFileSync(CONF, 'utf8')
    .replace(/server 127\.0\.0\.1:8081 max_fails=0;\n\s*server 127\.0\.0\.1:8082 max_fails=0;/, () =>
      upstreams.map((p) => `server 127.0.0.1:${p} max_fails=0;`).join('\n    '),
    )
    .replace(/listen 443 ssl;\n\s*listen \[::\]:443 ssl;/, `listen 127.0.0.1:${listenPort};`)
    .replace(/\n\s*ssl_certificate[^\n]*/g, '');
  return `pid nginx.pid;\nerror_log stderr warn;\ndaemon off;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path tmp;\n  proxy_temp_path tmp;\n${site}\n}\n`;
}

describeWithTool('the nginx site in deploy/', 'nginx-light', [NGINX], () => {
  const first = instance((n) => (n === 1 ? 503 : 200));
  const second = instance(() => 200);
  let nginx: ChildProcess | undefined;
  let base: string;
  let downPort: number;

  beforeAll(async () => {
    const [a, b] = [await listen(first.server), await listen(second.server)];
    // A port nothing listens on: an instance that is down.
    const probe = createServer();
    downPort = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const front = createServer();
    const frontPort = await listen(front);
    await new Promise<void>((resolve) => front.close(() => resolve()));
    const prefix = mkdtempSync(join(tmpdir(), 'nmle-nginx-'));
    mkdirSync(join(prefix, 'tmp'));
    writeFileSync(join(prefix, 'nginx.conf'), testConfig(frontPort, [downPort, a, b]));
    nginx = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    base = `http://127.0.0.1:${frontPort}`;
    await waitUntil(
      'nginx answers',
      async () => (await fetch(`${base}/`).catch(() => undefined))?.status === 404,
    );
  }, 30_000);
  afterAll(async () => {
    nginx?.kill('SIGTERM');
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
