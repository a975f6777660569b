import type { TransferSyntax } from './types';

export const IMPLICIT_LE = '1.2.840.10008.1.2';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_BE = '1.2.840.10008.1.2.2';

/** Names of the transfer syntaxes we report by name (errors, reports). */
const TRANSFER_SYNTAX_NAMES: Readonly<Record<string, string>> = {
  [IMPLICIT_LE]: 'Implicit VR Little Endian',
  [EXPLICIT_LE]: 'Explicit VR Little Endian',
  [DEFLATED_LE]: 'Deflated Explicit VR Little Endian',
  [EXPLICIT_BE]: 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (12-bit)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.202': 'HTJ2K Lossless RPCL',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/**
 * Describes a transfer syntax UID. Anything not native or deflated is treated as encapsulated
 * Explicit VR Little Endian, which is what PS3.5 requires of every compressed syntax.
 */
export function describeTransferSyntax(uid: string): TransferSyntax {
  switch (uid) {
    case IMPLICIT_LE:
      return { uid, explicitVr: false, littleEndian: true, deflated: false, encapsulated: false };
    case EXPLICIT_LE:
      return { uid, explicitVr: true, littleEndian: true, deflated: false, encapsulated: false };
    case DEFLATED_LE:
    case '1.2.840.10008.1.2.8.1': // Deflated image frame compression keeps a native-style data set
      return { uid, explicitVr: true, littleEndian: true, deflated: uid === DEFLATED_LE, encapsulated: uid !== DEFLATED_LE };
    case EXPLICIT_BE:
      return { uid, explicitVr: true, littleEndian: false, deflated: false, encapsulated: false };
    default:
      return { uid, explicitVr: true, littleEndian: true, deflated: false, encapsulated: true };
  }
}

/** A human name for a transfer syntax UID, for messages. */
export function transferSyntaxName(uid: string): string {
  return TRANSFER_SYNTAX_NAMES[uid] ?? uid;
}
