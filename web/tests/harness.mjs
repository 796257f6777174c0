// What the headless-Chromium tests share: the report (checks, failures, the exit
// status), the server binary, a throw-away server on a free port, and the browser's
// path and flags.
//
// Environment:
//   PEACENET_BIN     the server binary (default: target/debug/peacenet under the
//                    repository root; a relative path is tried from the current
//                    directory, then from the repository root).
//   CHROMIUM_PATH    the browser (default /usr/bin/chromium). The tests never download one.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SERVER_START_TIMEOUT = 120_000;

// ---------------------------------------------------------------- the report

const failures = [];

export function log(message) {
  console.log(message);
}

export function fail(message) {
  failures.push(message);
  log(`FAIL ${message}`);
}

export function check(condition, message) {
  if (condition) log(`ok   ${message}`);
  else fail(message);
  return condition;
}

/** Runs one part of a test; an exception fails that part only. */
export async function step(name, body) {
  log(`-- ${name}`);
  try {
    return await body();
  } catch (error) {
    fail(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    return undefined;
  }
}

/**
 * Runs `main` within `timeout` ms, then `cleanup` whatever happened, and the test's
 * own server is stopped; exits 1 listing the failures, or says `name` passed.
 */
export async function run(name, main, { timeout, cleanup = async () => {} }) {
  const overall = setTimeout(() => {
    fail(`the test took more than ${timeout / 60_000} minutes`);
    process.exit(1);
  }, timeout);
  overall.unref();
  try {
    await main();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  } finally {
    await cleanup().catch((error) => log(`note: cleaning up: ${error.message}`));
    await stopServer().catch((error) => log(`note: stopping the server: ${error.message}`));
  }
  if (failures.length) {
    console.error(`\n${name} FAILED (${failures.length}):`);
    for (const failure of failures) console.error(`  - ${failure}`);
    process.exit(1);
  }
  log(`\n${name} passed`);
}

// ---------------------------------------------------------------- the server

let server = null; // { child, tmpDir, databaseUrl } while the test's own server runs

export function resolveBinary() {
  const given = process.env.PEACENET_BIN;
  const candidates = !given
    ? [path.join(REPO_ROOT, 'target', 'debug', 'peacenet')]
    : path.isAbsolute(given)
      ? [given]
      : [path.resolve(given), path.resolve(REPO_ROOT, given)];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      `the server binary is missing (looked for ${candidates.join(', ')}); ` +
        'build it (cargo build) or set PEACENET_BIN or PEACENET_URL',
    );
  }
  return found;
}

/** The database URL of the test's own server; null when it started none. */
export function serverDatabaseUrl() {
  return server?.databaseUrl ?? null;
}

/**
 * Starts `PEACENET_BIN serve --listen 127.0.0.1:0 ARGS` with a throw-away SQLite
 * database; resolves to the address it serves on. `prepare(databaseUrl, tmpDir)`
 * runs first (to import a bundle, say).
 */
export async function startServer(args, name, prepare = null) {
  const binary = resolveBinary();
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), `peacenet-${name}-`));
  const databaseUrl = `sqlite://${path.join(tmpDir, `${name}.db`)}`;
  if (prepare) prepare(databaseUrl, tmpDir);
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = []; // the last lines the server wrote, for error messages
  server = { child, tmpDir, databaseUrl };
  const remember = (line) => {
    output.push(line);
    if (output.length > 40) output.shift();
  };
  // Keep draining both pipes for the server's whole life, or it would block on a full pipe.
  readline.createInterface({ input: child.stderr }).on('line', remember);
  const stdout = readline.createInterface({ input: child.stdout });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not say where it serves within ${SERVER_START_TIMEOUT / 1000} s${tail()}`)),
      SERVER_START_TIMEOUT,
    );
    const tail = () => (output.length ? `; its last output:\n  ${output.join('\n  ')}` : '');
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${binary}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${signal ?? `code ${code}`}) before serving${tail()}`));
    });
    stdout.on('line', (line) => {
      remember(line);
      const match = /serving GraphQL at (https?:\/\/\S+?)\/graphql/.exec(line);
      if (match) {
        clearTimeout(timer);
        log(`started ${path.relative(REPO_ROOT, binary) || binary} at ${match[1]}`);
        resolve(match[1]);
      }
    });
  });
}

/** Stops the test's own server, if it runs. */
export async function stopServer() {
  if (!server) return;
  const { child, tmpDir } = server;
  server = null;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(tmpDir, { recursive: true, force: true });
}

// Never leave the server behind, whatever happens.
process.on('exit', () => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`interrupted (${signal})`);
    process.exit(130);
  });
}
