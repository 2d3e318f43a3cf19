import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExplorerHandler } from './serve.js';

let root: string;
let server: Server;
let base: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'explorer-serve-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(root, 'assets', 'app-1.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app-1.css'), 'body{}');
  writeFileSync(join(tmpdir(), 'explorer-secret.txt'), 'secret');
  const handler = createExplorerHandler({ root });
  server = createServer((req, res) => {
    if (handler(req, res)) return;
    res.writeHead(418).end('caller');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'explorer-secret.txt'), { force: true });
});

async function get(path: string, method = 'GET'): Promise<{ status: number; type: string | null; body: string; cache: string | null }> {
  // fetch normalizes `..`; a raw request keeps the path as a client could send it.
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(`${base}/`, { method, path }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'] ?? null,
          body,
          cache: (res.headers['cache-control'] as string | undefined) ?? null,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createExplorerHandler', () => {
  it('serves index.html at / and files with their MIME types', async () => {
    const index = await get('/');
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', cache: 'no-cache' });
    expect(index.body).toContain('<title>x</title>');
    expect(await get('/assets/app-1.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
    expect((await get('/assets/app-1.css')).type).toBe('text/css; charset=utf-8');
    expect((await get('/assets/app-1.js')).cache).toContain('immutable');
  });

  it('falls back to index.html for extensionless paths and 404s missing assets', async () => {
    expect(await get('/actor/0x01')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('refuses paths that leave the directory, however they are spelled', async () => {
    for (const p of [
      '/../explorer-secret.txt',
      '/assets/../../explorer-secret.txt',
      '/%2e%2e/explorer-secret.txt',
      '/..%2fexplorer-secret.txt',
    ])
      expect((await get(p)).body).not.toContain('secret');
    expect((await get('/%2e%2e/explorer-secret.txt')).status).toBe(400);
    expect((await get('/a%00b')).status).toBe(400);
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });

  it('leaves other methods and the reserved paths to the caller', async () => {
    expect((await get('/', 'POST')).status).toBe(418);
    expect((await get('/rpc')).status).toBe(418);
    expect((await get('/health')).status).toBe(418);
    expect((await get('/rpc/x')).status).toBe(418);
    const head = await get('/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('says how to build the page when it is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'explorer-empty-'));
    const h = createExplorerHandler({ root: empty });
    const s = createServer((req, res) => void h(req, res));
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const r = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`);
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('npm run build');
    await new Promise<void>((resolve) => s.close(() => resolve()));
    rmSync(empty, { recursive: true, force: true });
  });
});
