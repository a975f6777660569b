/** Where the bytes of a parsed file come from: positional reads, so Pixel Data is never loaded whole. */
export interface ByteSource {
  /** Total number of bytes. */
  readonly size: number;
  /** Reads `length` bytes at `position`; throws `DicomParseError` if the range is out of bounds. */
  read(position: number, length: number): Uint8Array;
  /** Copies `target.length` bytes at `position` into `target` (bulk copies without a fresh buffer); optional. */
  readInto?(position: number, target: Uint8Array): number;
}

/** What a transfer syntax says about how the data set is encoded. */
export interface TransferSyntax {
  uid: string;
  explicitVr: boolean;
  littleEndian: boolean;
  deflated: boolean;
  /** Pixel Data is encapsulated (compressed fragments). */
  encapsulated: boolean;
}

/** One fragment (item value) of encapsulated Pixel Data. */
export interface Fragment {
  /** Offset of the fragment's value (after its 8-byte item header). */
  offset: number;
  length: number;
}

/** A data element located in its source; values are read on demand. */
export interface DicomElement {
  /** (group << 16 | element) as an unsigned number. */
  tag: number;
  /** VR as written (explicit VR) or from the dictionary (implicit VR; `UN` when unknown). */
  vr: string;
  /** Offset of the element's tag. */
  headerOffset: number;
  /** Offset of the element's value. */
  valueOffset: number;
  /** Length of the value in bytes; for undefined length, the bytes up to the delimiter. */
  valueLength: number;
  undefinedLength: boolean;
  /** Offset just past the element, delimiters included. */
  endOffset: number;
  /** Items of a sequence (VR SQ, or UN/undefined length holding items). */
  items?: DicomItem[];
  /** The items are Implicit VR Little Endian inside an explicit data set (a sequence written as UN). */
  implicitItems?: boolean;
  /** Encapsulated Pixel Data: the Basic Offset Table item first, then each fragment. */
  fragments?: Fragment[];
}

/** One item of a sequence. */
export interface DicomItem {
  headerOffset: number;
  valueOffset: number;
  valueLength: number;
  undefinedLength: boolean;
  endOffset: number;
  elements: DicomElement[];
}

/** A parsed DICOM file: file meta, data set and where their bytes live. */
export interface ParsedDicom {
  /** True when the file starts with a 128-byte preamble and `DICM`. */
  hasPreamble: boolean;
  /** File meta elements (group 0002); empty when the file has none. */
  meta: DicomElement[];
  /** Source of the meta bytes (the file). */
  metaSource: ByteSource;
  transferSyntax: TransferSyntax;
  /** True when the transfer syntax was guessed (no file meta or no TransferSyntaxUID). */
  transferSyntaxGuessed: boolean;
  /** Top-level data set elements in file order. */
  dataset: DicomElement[];
  /** Source of the data set bytes: the file, or the inflated bytes for deflated syntaxes. */
  datasetSource: ByteSource;
  /** Offset in `datasetSource` where the data set starts. */
  datasetOffset: number;
  /** True when parsing stopped at Pixel Data (index mode); elements after it are absent. */
  stoppedAtPixelData: boolean;
  /** Bytes after the last complete element (e.g. trailing padding), or 0. */
  trailingBytes: number;
}
