import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { createClient } from 'redis';
import { KefuError } from '../shared/errors.js';

/**
 * A redis-server kefu starts and supervises itself: for the service when no REDIS_URL is given,
 * and for tests (one per run, on a random port). Data lives in `dir` with the append-only file on,
 * so tickets and hotline uses survive a restart.
 */
export interface RedisServerOptions {
  dir: string;
  /** 0 picks a free port. */
  port?: number;
  bin?: string;
  appendOnly?: boolean;
  /** Restart the server if it exits unexpectedly (the service does; tests do not). */
  supervise?: boolean;
  onLog?: (line: string) => void;
}

export class RedisServerNotInstalledError extends KefuError {
  constructor(bin: string) {
    super(
      'redis_server_missing',
      `redis-server was not found (tried "${bin}"). Install it (Debian/Ubuntu: apt-get install -y redis-server), ` +
        'or set REDIS_URL to an existing Redis.',
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class RedisServerProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  port = 0;

  constructor(private readonly options: RedisServerOptions) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await mkdir(this.options.dir, { recursive: true });
    if (!this.port) this.port = this.options.port || (await freePort());
    this.stopping = false;
    await this.spawnAndWait();
    return this;
  }

  private async spawnAndWait(): Promise<void> {
    const bin = this.options.bin ?? 'redis-server';
    const args = [
      '--port', String(this.port),
      '--bind', '127.0.0.1',
      '--dir', path.resolve(this.options.dir),
      '--appendonly', this.options.appendOnly === false ? 'no' : 'yes',
      '--appendfsync', 'everysec',
      '--save', '',
      '--daemonize', 'no',
      '--protected-mode', 'yes',
      '--loglevel', 'warning',
    ];
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const spawnError = new Promise<never>((_, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'ENOENT' ? new RedisServerNotInstalledError(bin) : error);
      });
    });
    spawnError.catch(() => undefined);
    const log = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.options.onLog?.(line.trim());
    };
    child.stdout?.on('data', log);
    child.stderr?.on('data', log);
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.stopping || !this.options.supervise) return;
      this.restarts += 1;
      const delay = Math.min(5000, 200 * 2 ** Math.min(this.restarts, 5));
      this.options.onLog?.(`redis-server exited (code ${code}, signal ${signal}); restarting in ${delay} ms`);
      setTimeout(() => {
        if (!this.stopping) this.spawnAndWait().catch((error) => this.options.onLog?.(`restart failed: ${String(error)}`));
      }, delay).unref();
    });
    await Promise.race([spawnError, this.waitUntilReady(child)]);
    this.restarts = 0;
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 15_000;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} during start`);
      const client = createClient({ url: this.url, socket: { reconnectStrategy: false, connectTimeout: 500 } });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const reply = await client.ping();
        await client.close();
        if (reply === 'PONG') return;
      } catch (error) {
        lastError = error;
        await client.close().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`redis-server did not answer on port ${this.port}: ${String(lastError)}`);
  }

  /** SIGTERM lets redis flush the append-only file; resolves when the process is gone. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
    this.child = undefined;
  }

  /** Stops and starts again on the same port and directory (used to prove durability). */
  async restart(): Promise<void> {
    await this.stop();
    this.stopping = false;
    await this.spawnAndWait();
  }
}
