import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { TAG } from '../dicom/dictionary';

/** Root of the UIDs defined by the standard itself (SOP classes, transfer syntaxes, coding schemes, frames). */
const STANDARD_ROOT = '1.2.840.10008.';

/** Strips the NUL or space padding of an even-length UI value (and stray spaces around it). */
function trimUid(uid: string): string {
  return uid.replace(/^[\0 ]+|[\0 ]+$/g, '');
}

/** True for UIDs the standard defines (under 1.2.840.10008.): they identify no one and are kept. */
export function isStandardUid(uid: string): boolean {
  return trimUid(uid).startsWith(STANDARD_ROOT);
}

function remapOne(secret: Uint8Array | KeyObject, uid: string): string {
  const trimmed = trimUid(uid);
  if (trimmed === '' || trimmed.startsWith(STANDARD_ROOT)) return trimmed;
  const bytes = createHmac('sha256', secret).update(trimmed, 'latin1').digest().subarray(0, 16);
  // Mark the 128 bits as a UUIDv8 (RFC 9562: version 8, variant 10) so the 2.25 OID holds a valid UUID.
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString(10)}`;
}

/**
 * The keyed replacement of an instance UID: `2.25.` followed by the decimal value of the first 128 bits
 * of HMAC-SHA256(secret, uid), marked as a UUIDv8. The same secret maps the same UID to the same result
 * in every file, so references between files stay intact; without the secret the original cannot be
 * recovered or confirmed. At most 44 characters.
 *
 * Padding is ignored and not returned. Standard UIDs come back unchanged (trimmed); an empty value stays
 * empty. A multi-valued value (backslash-separated) is remapped value by value.
 */
export function remapUid(secret: Uint8Array | KeyObject, uid: string): string {
  if (uid.includes('\\')) return uid.split('\\').map((one) => remapOne(secret, one)).join('\\');
  return remapOne(secret, uid);
}

const CACHE_LIMIT = 20_000;

/** A remapUid bound to one secret, caching results: the same references recur across a study's files. */
export function createUidRemapper(secret: Uint8Array): (uid: string) => string {
  // A KeyObject imports the secret once instead of on every HMAC.
  const key = createSecretKey(Uint8Array.from(secret));
  const cache = new Map<string, string>();
  return (uid: string): string => {
    let mapped = cache.get(uid);
    if (mapped === undefined) {
      mapped = remapUid(key, uid);
      // Bounded, so memory stays flat however many files a run holds; study/series UIDs recur soon.
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(uid, mapped);
    }
    return mapped;
  };
}

/**
 * UI attributes that name a class rather than an instance (SOP classes, transfer syntaxes, coding
 * schemes, context groups, mapping resources, implementation class). They are never remapped, even
 * when not under 1.2.840.10008 (private SOP classes): they identify software, not patients, and a
 * remapped class UID would make the object unreadable.
 */
export const CLASS_UID_TAGS: ReadonlySet<number> = new Set<number>([
  TAG.MediaStorageSOPClassUID,
  TAG.TransferSyntaxUID,
  TAG.ImplementationClassUID,
  TAG.ReferencedSOPClassUIDInFile,
  TAG.ReferencedTransferSyntaxUIDInFile,
  TAG.ReferencedRelatedGeneralSOPClassUIDInFile,
  TAG.SOPClassUID,
  TAG.RelatedGeneralSOPClassUID,
  TAG.OriginalSpecializedSOPClassUID,
  TAG.SOPClassesInStudy,
  TAG.CodingSchemeUID,
  TAG.ContextUID,
  TAG.MappingResourceUID,
  TAG.StoredInstanceTransferSyntaxUID,
  TAG.ReferencedSOPClassUID,
  TAG.SOPClassesSupported,
  TAG.AvailableTransferSyntaxUID,
  TAG.FlowTransferSyntaxUID,
  TAG.MACCalculationTransferSyntaxUID,
  TAG.EncryptedContentTransferSyntaxUID,
  TAG.PertinentSOPClassesInStudy,
  TAG.PertinentSOPClassesInSeries,
]);
