import { TAG } from '../dicom/dictionary';

/**
 * Sequences from which the original values can be recovered or which vouch for the original
 * bytes: Encrypted Attributes (a key holder restores the original PatientName, PatientID, ...),
 * Original Attributes (the values before an earlier modification), MAC Parameters and Digital
 * Signatures (a signature over identifying content, void after de-identification). They are
 * removed at every depth whatever the options. Table E.1-1 lists some of them, not Encrypted
 * Attributes or MAC Parameters, which is why this list exists beside it.
 */
export const RECOVERABLE_ORIGINALS: ReadonlySet<number> = new Set([
  TAG.EncryptedAttributesSequence,
  TAG.OriginalAttributesSequence,
  TAG.MACParametersSequence,
  TAG.DigitalSignaturesSequence,
]);
