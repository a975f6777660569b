import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/openDatabase';
import { createServices } from '../ipc/createServices';
import type { OcrRunner } from '../ipc/servicesContext';
import type { JobStages } from '../ipc/jobStages';
import { threadJobStages } from '../ipc/jobThread';
import { startServer } from './httpServer';

/** What `serve` was asked for (parsed and checked by the CLI's `serve` command). */
export interface ServeArgs {
  roots: string[];
  open?: string;
  db: string;
  project?: string;
  port: number;
}

/** Paths of the built app relative to the bundled CLI (dist/main/cli.js). */
function bundled(relativePath: string): string {
  return fileURLToPath(new URL(relativePath, import.meta.url));
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(bundled('../../package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Extra wiring for `serve`. */
export interface ServeExtras {
  /**
   * The jobs' file-reading stages and the OCR job (see `ServicesOptions.stages`); default: both on
   * job threads (`threadJobStages`), so the server's event loop only answers requests.
   */
  jobs?: { stages: JobStages; ocr?: OcrRunner };
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  until?: Promise<void>;
  /** Where the URL line goes (default stdout). */
  print?: (line: string) => void;
}

/**
 * `deid-studio serve`: the renderer and the channels over HTTP/WebSocket on 127.0.0.1 with a
 * random port and token; prints the URL (with the token) on stdout and serves until interrupted.
 */
export async function serveApp(a: ServeArgs, extras: ServeExtras = {}): Promise<number> {
  const jobs = extras.jobs ?? threadJobStages();
  const staticDir = bundled('../renderer/');
  if (!existsSync(resolve(staticDir, 'index.html'))) {
    process.stderr.write(`deid-studio serve: warning: ${staticDir} has no index.html; run npm run build\n`);
  }
  const db = openDatabase(a.db);
  const services = createServices({
    db,
    version: packageVersion(),
    mode: 'browser',
    roots: a.roots,
    project: a.project,
    sampleStudyDir: bundled('../../assets/sample-study/'),
    stages: jobs.stages,
    ocr: jobs.ocr,
  });
  try {
    const server = await startServer({ services, staticDir, port: a.port });
    if (a.open) services.openFolder(a.open);
    (extras.print ?? ((l: string) => process.stdout.write(`${l}\n`)))(server.url);
    process.stderr.write(`database: ${db.file}\nroots: ${a.roots.join(', ') || '(none: browsing disabled)'}\npress Ctrl+C to stop\n`);
    await (extras.until ?? untilSignal());
    await server.close();
    return 0;
  } finally {
    await services.close();
    db.close();
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
