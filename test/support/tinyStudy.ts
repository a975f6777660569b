/**
 * Test support: writes a tiny study folder (a few 16×16 16-bit MONOCHROME2 CT images and one note
 * file) with the project's own fixture encoder, and builds services over a temporary database.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeDicom } from '../fixtures/dicomEncoder';
import type { FixtureElement } from '../fixtures/dicomEncoder';
import { el } from '../fixtures/elements';
import { uid } from '../fixtures/fileSpec';
import { SOP_CLASS } from '../fixtures/tags';
import { openDatabase } from '../../src/main/db/openDatabase';
import type { AppDatabase } from '../../src/main/db/database';
import { createServices, type Services } from '../../src/main/ipc/createServices';
import { inlineJobStages } from '../../src/main/ipc/inlineJobStages';
import type { ServicesOptions } from '../../src/main/ipc/servicesContext';

/** One image of the tiny study. */
export interface TinyImage {
  path: string;
  patientId: string;
  patientName: string;
  seriesUid: string;
  instance: number;
  burnedIn: 'NO' | 'YES';
}

/** The pixel value at (x, y) of every tiny image: a horizontal ramp 0..1500. */
export function tinyPixel(x: number, y: number): number {
  return x * 100 + (y % 2);
}

const ROWS = 16;
const COLS = 16;

/** The elements of one tiny image (see {@link writeTinyStudy}). */
export function tinyImageElements(p: { patientId: string; patientName: string; study: number; series: number; instance: number; burnedIn: 'NO' | 'YES'; model: string }): FixtureElement[] {
  const pixels = new Uint16Array(ROWS * COLS);
  for (let y = 0; y < ROWS; y++) for (let x = 0; x < COLS; x++) pixels[y * COLS + x] = tinyPixel(x, y);
  return [
    el('SpecificCharacterSet', 'ISO_IR 100'),
    el('ImageType', ['ORIGINAL', 'PRIMARY', 'AXIAL']),
    el('SOPClassUID', SOP_CLASS.ctImage),
    el('SOPInstanceUID', uid(9, p.study, p.series, p.instance)),
    el('StudyDate', '20240105'),
    el('SeriesDate', '20240105'),
    el('AcquisitionDate', '20240104'),
    el('AccessionNumber', `ACC${p.study}`),
    el('Modality', 'CT'),
    el('Manufacturer', 'ACME'),
    el('InstitutionName', 'General Hospital'),
    el('ReferringPhysicianName', 'Doe^John'),
    el('SeriesDescription', `Series ${p.series}`),
    el('ManufacturerModelName', p.model),
    el('PatientName', p.patientName),
    el('PatientID', p.patientId),
    el('PatientBirthDate', '19600101'),
    el('StudyInstanceUID', uid(9, p.study)),
    el('SeriesInstanceUID', uid(9, p.study, p.series)),
    el('StudyID', 'S1'),
    el('SeriesNumber', p.series),
    el('InstanceNumber', p.instance),
    el('SamplesPerPixel', 1),
    el('PhotometricInterpretation', 'MONOCHROME2'),
    el('Rows', ROWS),
    el('Columns', COLS),
    el('BitsAllocated', 16),
    el('BitsStored', 12),
    el('HighBit', 11),
    el('PixelRepresentation', 0),
    el('WindowCenter', '750'),
    el('WindowWidth', '1500'),
    el('RescaleIntercept', '0'),
    el('RescaleSlope', '1'),
    el('BurnedInAnnotation', p.burnedIn),
    el('PixelData', new Uint8Array(pixels.buffer), 'OW'),
  ];
}

/**
 * Writes two patients: MRN-A (series 1: 3 images, model M1; series 2: 1 image, model M1) and
 * MRN-B (series 1: 2 images, model M2, the first with BurnedInAnnotation YES), plus `notes.txt`.
 */
export function writeTinyStudy(dir: string): TinyImage[] {
  const out: TinyImage[] = [];
  const add = (patientId: string, patientName: string, study: number, series: number, count: number, model: string, burnedFirst: boolean): void => {
    for (let i = 1; i <= count; i++) {
      const burnedIn = burnedFirst && i === 1 ? 'YES' : 'NO';
      const folder = join(dir, patientId, `series${study}-${series}`);
      mkdirSync(folder, { recursive: true });
      const path = join(folder, `img${i}.dcm`);
      writeFileSync(path, encodeDicom(tinyImageElements({ patientId, patientName, study, series, instance: i, burnedIn, model })));
      out.push({ path, patientId, patientName, seriesUid: uid(9, study, series), instance: i, burnedIn });
    }
  };
  add('MRN-A', 'Smith^Alice', 1, 1, 3, 'M1', false);
  add('MRN-A', 'Smith^Alice', 1, 2, 1, 'M1', false);
  add('MRN-B', 'Jones^Bob', 2, 1, 2, 'M2', true);
  writeFileSync(join(dir, 'notes.txt'), 'not a DICOM file\n');
  return out;
}

/** A temporary database, study folder and services; `cleanup` closes and removes everything. */
export interface TinyEnv {
  root: string;
  study: string;
  images: TinyImage[];
  db: AppDatabase;
  services: Services;
  cleanup(): Promise<void>;
}

/**
 * Creates the tiny study and services over a fresh database in a temporary folder. With
 * `browseRoot` the temporary folder (holding `study/`) is the one `--root`.
 */
export function tinyEnv(options: Partial<ServicesOptions> & { browseRoot?: boolean } = {}): TinyEnv {
  const root = mkdtempSync(join(tmpdir(), 'deid-services-'));
  const study = join(root, 'study');
  mkdirSync(study);
  const images = writeTinyStudy(study);
  const db = openDatabase(join(root, 'db', 'deid.sqlite'));
  const { browseRoot, ...rest } = options;
  const services = createServices({
    db, version: '0.0.0-test', mode: 'browser', workers: 0, reviewer: 'tester', throttleMs: 0, stages: inlineJobStages,
    ...(browseRoot ? { roots: [root] } : {}),
    ...rest,
  });
  return {
    root,
    study,
    images,
    db,
    services,
    async cleanup() {
      await services.close();
      db.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
