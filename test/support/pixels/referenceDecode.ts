/**
 * Test support: turns a compressed corpus file into an uncompressed reference copy with the
 * Debian DCMTK / GDCM command-line tools (see ../judges.ts for when a missing one fails).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codecForSyntax } from '../../../src/main/pixels/decoders/pixelCodec';
import { optionalJudge, type Judge } from '../judges';

/** The tool that makes a native reference for a transfer syntax, if there is one and it is installed. */
function referenceTool(transferSyntaxUid: string): { command: string; args: string[] } | undefined {
  const codec = codecForSyntax(transferSyntaxUid);
  const tools: Record<string, { judge: Judge; args: string[] }> = {
    jpeg: { judge: 'dcmdjpeg', args: [] },
    'jpeg-ls': { judge: 'dcmdjpls', args: [] },
    rle: { judge: 'dcmdrle', args: [] },
    'jpeg-2000': { judge: 'gdcmconv', args: ['--raw'] },
  };
  const tool = transferSyntaxUid === '1.2.840.10008.1.2.2' ? { judge: 'dcmconv' as const, args: ['+te'] } : tools[codec];
  const command = tool ? optionalJudge(tool.judge) : undefined;
  return tool && command ? { command, args: tool.args } : undefined;
}

/** Writes the reference copy of `input` into `dir` and returns its path, or undefined without a tool. */
export function makeReference(input: string, transferSyntaxUid: string, dir: string, name: string): string | undefined {
  const tool = referenceTool(transferSyntaxUid);
  if (!tool) return undefined;
  const out = join(dir, `${name}.ref.dcm`);
  execFileSync(tool.command, [...tool.args, input, out], { stdio: 'pipe' });
  return out;
}

/** An 8-bit RGB (or gray) image as DCMTK's dcmj2pnm renders it. */
export interface RenderedImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/**
 * Renders frame 1 of `input` with dcmj2pnm as raw PGM/PPM (colour data needs no windowing, so this
 * is DCMTK's own YBR and palette conversion). `overlays` keeps overlays burned in.
 */
export function renderWithDcmtk(input: string, dir: string, name: string, overlays = false, extra: string[] = []): RenderedImage | undefined {
  const dcmj2pnm = optionalJudge('dcmj2pnm');
  if (!dcmj2pnm) return undefined;
  const out = join(dir, `${name}.pnm`);
  execFileSync(dcmj2pnm, [overlays ? '+O' : '-O', ...(overlays ? ['0', '+Omr'] : []), ...extra, '+op', input, out], { stdio: 'pipe' });
  const bytes = readFileSync(out);
  const header = /^P([56])\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error(`dcmj2pnm wrote no PNM for ${input}`);
  const width = Number(header[2]);
  const height = Number(header[3]);
  const channels = header[1] === '6' ? 3 : 1;
  return { width, height, channels, data: new Uint8Array(bytes.subarray(header[0].length, header[0].length + width * height * channels)) };
}
