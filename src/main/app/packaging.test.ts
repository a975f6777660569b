import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';

/** Where Electron binaries keep their fuse wire (@electron/fuses looks for it). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** A fuse's byte when it is on ('1'). */
const FUSE_ENABLED = 0x31;

const require = createRequire(import.meta.url);
const repo = join(import.meta.dirname, '..', '..', '..');
// About 30 s of electron-builder on two cores: run in CI (or on request), not on every `npm test`.
const enabled = process.platform === 'linux' && (process.env.CI === 'true' || process.env.DEID_TEST_PACKAGING === '1');

describe.runIf(enabled)('electron-builder --dir (offline, stub Electron)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('packs the built main, preload and renderer, unpacks native modules, codecs, traineddata and OCR models, and sets the fuses', async () => {
    for (const built of ['dist/main/app.js', 'dist/main/worker.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html']) {
      expect(existsSync(join(repo, built)), `${built} (run npm run build)`).toBe(true);
    }
    // A stand-in for the Electron binary electron-builder would otherwise download. It carries a
    // fuse wire as Electron ships it (RunAsNode, NodeOptions, inspect and file:// privileges on),
    // so the packaging step's fuse flips are real and can be read back.
    const stub = join(dir, 'electron-stub');
    mkdirSync(stub);
    writeFileSync(join(stub, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001')]));
    chmodSync(join(stub, 'electron'), 0o755);
    const out = join(dir, 'out');
    const cli = require.resolve('electron-builder/cli.js');
    const run = spawnSync(process.execPath, [cli, '--dir', '--linux', '--config', 'electron-builder.yml', `-c.electronDist=${stub}`, `-c.directories.output=${out}`], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 150_000,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

    const fuses = (await getCurrentFuseWire(join(out, 'linux-unpacked', 'deid-studio'))) as Record<number, number>;
    const on = (fuse: FuseV1Options): boolean => fuses[fuse] === FUSE_ENABLED;
    expect(on(FuseV1Options.RunAsNode)).toBe(false);
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe(true);
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true);
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(false);

    const resources = join(out, 'linux-unpacked', 'resources');
    const asar = require('@electron/asar') as { listPackage(file: string): string[] };
    const packed = new Set(asar.listPackage(join(resources, 'app.asar')).map((p) => p.replaceAll('\\', '/')));
    for (const f of ['/package.json', '/dist/main/app.js', '/dist/main/worker.js', '/dist/main/cli.js', '/dist/preload/preload.cjs', '/dist/renderer/index.html']) {
      expect(packed.has(f), f).toBe(true);
    }
    expect([...packed].some((p) => p.endsWith('.map'))).toBe(false);
    expect([...packed].some((p) => p.startsWith('/src/') || p.startsWith('/test/'))).toBe(false);

    const unpacked = join(resources, 'app.asar.unpacked', 'node_modules');
    expect(existsSync(join(unpacked, 'better-sqlite3', 'prebuilds', 'linux-x64.node'))).toBe(true);
    for (const codec of ['codec-charls', 'codec-libjpeg-turbo-8bit', 'codec-openjpeg', 'codec-openjph']) {
      const dist = join(unpacked, '@cornerstonejs', codec, 'dist');
      expect(existsSync(dist) && readdirSync(dist).some((f) => f.endsWith('.wasm')), codec).toBe(true);
    }
    expect(existsSync(join(unpacked, '@tesseract.js-data', 'eng', '4.0.0_best_int', 'eng.traineddata.gz'))).toBe(true);
    expect(existsSync(join(unpacked, 'tesseract.js', 'src', 'worker-script', 'node', 'index.js'))).toBe(true);
    expect(readdirSync(join(unpacked, 'tesseract.js-core')).some((f) => f.endsWith('.wasm'))).toBe(true);
    // ONNX Runtime: this platform's binding and library unpacked, no other platform's shipped.
    const ort = join(unpacked, 'onnxruntime-node', 'bin', 'napi-v6');
    expect(readdirSync(ort)).toEqual(['linux']);
    expect(readdirSync(join(ort, 'linux'))).toEqual([process.arch]);
    expect(readdirSync(join(ort, 'linux', process.arch)).sort()).toEqual(['libonnxruntime.so.1', 'onnxruntime_binding.node']);
    for (const model of ['ch_PP-OCRv4_det_infer.onnx', 'ch_PP-OCRv4_rec_infer.onnx', 'ppocr_keys_v1.txt']) {
      expect(existsSync(join(unpacked, '@gutenye', 'ocr-models', 'assets', model)), model).toBe(true);
    }
    expect(existsSync(join(resources, 'app.asar.unpacked', 'dist', 'main', 'ppocr-worker.js')) || packed.has('/dist/main/ppocr-worker.js')).toBe(true);
  }, 180_000);
});
