/**
 * The study the end-to-end tests open: the fixture study of the core tests (seven patients, many
 * encodings, junk files) plus one patient with two 512×512 CT series written here and a colour
 * ultrasound cine. Series 7 carries a name, an MRN and a date burned into the pixels (while its
 * header claims BurnedInAnnotation NO, the case a reviewer must catch); series 8 is plain anatomy
 * for timing; the cine shows the name on three of its eight frames.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildStudyFolder } from '../../fixtures/buildStudy';
import { TRANSFER_SYNTAX, encodeDicom } from '../../fixtures/dicomEncoder';
import { el } from '../../fixtures/elements';
import { ctImageElements, dateElements, uid } from '../../fixtures/fileSpec';
import { ctFrame } from '../../fixtures/pixels';
import { SOP_CLASS } from '../../fixtures/tags';
import { framesBytes, writeBurnedImage } from '../../fixtures/burnedInImages';
import { drawText } from '../../pixelText/renderText';
import type { PixelBox } from '../../pixelText/renderText';

/** The patient the tests review. */
export const E2E_PATIENT = { mrn: 'E2E0001', name: 'DOE^JANE', burnedName: 'DOE JANE', date: '20210304', burnedDate: '2021-03-04' } as const;
/** Series number of the series with burned-in text. */
export const TEXT_SERIES = 7;
/** Series number of the plain series (timing). */
const PLAIN_SERIES = 8;
/** Image size of both series. */
const E2E_SIZE = 512;
/** Stored value of the burned-in ink (bright under the CT window). */
export const INK = 3000;

/** Where the burned-in strings sit in every image of the text series (image pixels). */
interface BurnedText {
  name: PixelBox;
  mrn: PixelBox;
  date: PixelBox;
  /** Harmless device text that must survive. */
  device: PixelBox;
}

/** The colour cine: the name shows on some frames only, a frame counter on all. */
export const CINE = { frames: 8, rows: 96, cols: 128, nameFrames: [3, 4, 5] as readonly number[] } as const;

/** What {@link writeE2eStudy} wrote. */
export interface E2eStudy {
  /** The folder to open. */
  folder: string;
  textImages: number;
  plainImages: number;
  burned: BurnedText;
  /** Where the name sits on the cine's name frames. */
  cineName: PixelBox;
}

function writeCine(folder: string): PixelBox {
  const frames: Uint8Array[] = [];
  let name: PixelBox | null = null;
  for (let f = 0; f < CINE.frames; f++) {
    const data = new Uint8Array(CINE.rows * CINE.cols * 3);
    // A dark colour gradient, different on every frame so no two frames are identical.
    for (let i = 0; i < CINE.rows * CINE.cols; i++) {
      data[i * 3] = 20 + ((i + f * 7) % 40);
      data[i * 3 + 1] = 30 + ((i >> 7) % 30);
      data[i * 3 + 2] = 60;
    }
    const target = { data, width: CINE.cols, height: CINE.rows, samplesPerPixel: 3 as const };
    if (CINE.nameFrames.includes(f)) name = drawText(target, E2E_PATIENT.burnedName, 6, 6, { value: 250 }).ink;
    drawText(target, `F${f + 1}`, 6, CINE.rows - 18, { value: 200 });
    frames.push(data);
  }
  writeBurnedImage(folder, {
    path: 'E2E_US/cine.dcm',
    patient: { name: E2E_PATIENT.name, id: E2E_PATIENT.mrn, birthDate: '19750607' },
    rows: CINE.rows,
    cols: CINE.cols,
    frames: CINE.frames,
    photometric: 'RGB',
    bitsAllocated: 8,
    bitsStored: 8,
    pixelData: framesBytes(frames),
  });
  if (name === null) throw new Error('the cine shows the name on no frame');
  return name;
}

function image(series: number, instance: number, pixels: Uint16Array) {
  const study = uid(900, 1);
  const seriesUid = uid(900, 1, series);
  return encodeDicom(
    [
      el('SpecificCharacterSet', 'ISO_IR 100'),
      el('SOPClassUID', SOP_CLASS.ctImage),
      el('SOPInstanceUID', `${seriesUid}.${instance}`),
      el('PatientName', E2E_PATIENT.name),
      el('PatientID', E2E_PATIENT.mrn),
      el('PatientBirthDate', '19750607'),
      el('PatientSex', 'F'),
      el('StudyInstanceUID', study),
      el('SeriesInstanceUID', seriesUid),
      el('FrameOfReferenceUID', uid(900, 2)),
      el('StudyID', 'E2E1'),
      el('SeriesNumber', series),
      el('AccessionNumber', 'E2EACC01'),
      el('StudyDescription', 'E2E head and scout'),
      el('SeriesDescription', series === TEXT_SERIES ? 'Scout with annotations' : 'Axial'),
      el('InstitutionName', 'Fake Example Hospital'),
      el('Manufacturer', 'E2E Vendor'),
      el('ManufacturerModelName', 'E2E-CT'),
      el('BurnedInAnnotation', 'NO'),
      ...dateElements({ study: E2E_PATIENT.date, series: E2E_PATIENT.date, acquisition: E2E_PATIENT.date, content: E2E_PATIENT.date }),
      ...ctImageElements({ rows: E2E_SIZE, cols: E2E_SIZE, instance, pixels }),
    ],
    { transferSyntax: TRANSFER_SYNTAX.explicitLittle },
  );
}

function put(folder: string, relative: string, bytes: Uint8Array): void {
  const path = join(folder, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
}

/**
 * Writes the text series alone (`count` images with the name, MRN and date burned in) into
 * `<folder>/E2E/SE7`: the small study of the tests that need proposals quickly.
 */
export function writeTextSeries(folder: string, count: number): BurnedText {
  let burned: BurnedText | null = null;
  for (let i = 1; i <= count; i++) {
    const pixels = ctFrame(E2E_SIZE, E2E_SIZE, i);
    const target = { data: pixels, width: E2E_SIZE, height: E2E_SIZE };
    const ink = { value: INK, scale: 2 };
    const name = drawText(target, E2E_PATIENT.burnedName, 16, 16, ink).ink;
    const mrn = drawText(target, E2E_PATIENT.mrn, 16, 48, ink).ink;
    const date = drawText(target, E2E_PATIENT.burnedDate, 330, 16, ink).ink;
    const device = drawText(target, '120 kVp', 16, 470, ink).ink;
    burned ??= { name, mrn, date, device };
    put(folder, `E2E/SE${TEXT_SERIES}/IM${i}.dcm`, image(TEXT_SERIES, i, pixels));
  }
  if (burned === null) throw new Error('the text series needs at least one image');
  return burned;
}

/** Writes the study into `<dir>/study` and returns where the burned-in text sits. */
export function writeE2eStudy(dir: string, opts: { textImages?: number; plainImages?: number } = {}): E2eStudy {
  const folder = join(dir, 'study');
  buildStudyFolder(join(folder, 'fixture'));
  const textImages = opts.textImages ?? 3;
  const plainImages = opts.plainImages ?? 6;
  const burned = writeTextSeries(folder, textImages);
  for (let i = 1; i <= plainImages; i++) {
    put(folder, `E2E/SE${PLAIN_SERIES}/IM${i}.dcm`, image(PLAIN_SERIES, i, ctFrame(E2E_SIZE, E2E_SIZE, 10 + i)));
  }
  return { folder, textImages, plainImages, burned, cineName: writeCine(folder) };
}
