import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './playground-process.js';
import { waitUntil } from './wait-until.js';

/** Debian's nginx binary (package nginx-light or nginx). */
export const NGINX = '/usr/sbin/nginx';
/** The site an operator installs (deploy/nginx), which the tests run as it is but for ports and TLS. */
const SITE = join(process.cwd(), 'deploy/nginx/nmle-webhook.conf');

/** The deployed site with these upstream ports and listening on 127.0.0.1:`listenPort`, without TLS. */
export function deployedSiteFor(listenPort: number, upstreams: readonly number[]): string {
  const site = readFileSync(SITE, 'utf8')
    .replace(/server 127\.0\.0\.1:8081 max_fails=0;\n\s*server 127\.0\.0\.1:8082 max_fails=0;/, () =>
      upstreams.map((p) => `server 127.0.0.1:${p} max_fails=0;`).join('\n    '),
    )
    .replace(/listen 443 ssl;\n\s*listen \[::\]:443 ssl;/, `listen 127.0.0.1:${listenPort};`)
    .replace(/\n\s*ssl_certificate[^\n]*/g, '');
  return `pid nginx.pid;\nerror_log stderr warn;\ndaemon off;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path tmp;\n  proxy_temp_path tmp;\n${site}\n}\n`;
}

export interface RunningNginx {
  /** `http://127.0.0.1:<port>`: the site's front, where Telegram would post. */
  readonly base: string;
  stop(): Promise<void>;
}

/** Runs deploy/'s nginx site as this user (no root: its own prefix, pid file and temp dirs) before `upstreams`. */
export async function startNginx(upstreams: readonly number[]): Promise<RunningNginx> {
  const port = await freePort();
  const prefix = mkdtempSync(join(tmpdir(), 'nmle-nginx-'));
  mkdirSync(join(prefix, 'tmp'));
  writeFileSync(join(prefix, 'nginx.conf'), deployedSiteFor(port, upstreams));
  const nginx: ChildProcess = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const killOnExit = () => nginx.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => nginx.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  await waitUntil(
    'nginx answers',
    async () => (await fetch(`${base}/`).catch(() => undefined))?.status === 404,
  );
  return {
    base,
    async stop() {
      process.off('exit', killOnExit);
      nginx.kill('SIGTERM');
      await exited;
    },
  };
}
