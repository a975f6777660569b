/** The date fields of one indexed file that CT_date is chosen from. */
interface DatedFile {
  hasPixelData?: boolean | null;
  acquisitionDate?: string | null;
  acquisitionDatetime?: string | null;
  seriesDate?: string | null;
  studyDate?: string | null;
  contentDate?: string | null;
}

/** A study's CT_date and the attribute it came from ('' and 'none' when the study has no date). */
interface CtDate {
  ctDate: string;
  source: 'AcquisitionDate' | 'AcquisitionDateTime' | 'SeriesDate' | 'StudyDate' | 'ContentDate' | 'none';
}

const DATE = /^(\d{4})(\d{2})(\d{2})/;

/** Normalises a DA (or the date part of a DT, or a legacy `YYYY.MM.DD`) to `YYYYMMDD`, or undefined. */
function normaliseDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const compact = value.trim().replace(/^(\d{4})[.-](\d{2})[.-](\d{2})/, '$1$2$3');
  const m = DATE.exec(compact);
  if (!m) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${m[1]}${m[2]}${m[3]}`;
}

/**
 * CT_date of a study: the earliest AcquisitionDate (or date of AcquisitionDateTime) over its image
 * objects, else the earliest SeriesDate, StudyDate, ContentDate over all its files.
 */
export function chooseCtDate(files: readonly DatedFile[]): CtDate {
  const images = files.filter((f) => f.hasPixelData);
  let best: CtDate | undefined;
  for (const f of images) {
    const acq = normaliseDate(f.acquisitionDate);
    const fromDt = acq ? undefined : normaliseDate(f.acquisitionDatetime);
    const d = acq ?? fromDt;
    if (d && (!best || d < best.ctDate)) best = { ctDate: d, source: acq ? 'AcquisitionDate' : 'AcquisitionDateTime' };
  }
  if (best) return best;
  for (const source of ['SeriesDate', 'StudyDate', 'ContentDate'] as const) {
    const key = source === 'SeriesDate' ? 'seriesDate' : source === 'StudyDate' ? 'studyDate' : 'contentDate';
    const dates = files.map((f) => normaliseDate(f[key])).filter((d): d is string => d !== undefined).sort();
    if (dates.length) return { ctDate: dates[0], source };
  }
  return { ctDate: '', source: 'none' };
}
