import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ChannelHandlers } from '../../shared/ipc/api';
import { projectSecret } from '../db/projectSecrets';
import { setImageReview } from '../db/rectsRepo';
import type { StoredFileRow } from '../db/fileRow';
import { scopedKey } from './idRegistry';
import { imageState, loadFolder } from '../pipeline/review/imageStates';
import { planPixels } from '../pipeline/findText/planPixels';
import { askWorker } from './workerAnswers';
import { sampleAvailable } from './projectHandlers';
import type { ServicesContext } from './servicesContext';
import { ServiceError, notFound } from './serviceError';
import { assignFolderSubjects, NO_ASSIGNMENT } from '../pipeline/scan/subjectAssignment';
import { dateOffsets } from '../db/subjectsRepo';
import { createHeaderValues } from '../pipeline/findText/headerMatcher';
import { buildStudyTree, type StudyTreeInput } from './studyTree';
import type { DescriptionWanted } from './folderCatalog';
import { readOnlyView, refuseReadOnly, verifyLookup } from './readOnlyTree';

/** The row of an image id, only for files of a folder opened in this session. */
export function imageRow(ctx: ServicesContext, imageId: string): { row: StoredFileRow; folder: string } {
  const fileId = ctx.ids.image.valueOf(imageId);
  const found = fileId === undefined ? undefined : ctx.catalog.file(fileId);
  if (!found) throw notFound('image');
  return found;
}

function checkedFolder(path: string): string {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new ServiceError('NOT_FOUND', 'that folder no longer exists');
  }
  if (!statSync(real).isDirectory()) throw new ServiceError('NOT_FOUND', 'not a folder');
  return real;
}

/** Browse, study folder, tree, image and review-state channels. */
export function studyHandlers(ctx: ServicesContext): Pick<
  ChannelHandlers,
  | 'browseRoots' | 'browseList' | 'browseCreateFolder' | 'studiesRecent' | 'studiesOpen' | 'studiesTree'
  | 'imagesInfo' | 'imagesFrame' | 'imagesOverlays' | 'imagesHeaderPreview' | 'reviewMarkDone'
> {
  const browse = () => {
    if (!ctx.browse) throw new ServiceError('NOT_FOUND', 'browsing is only available in browser mode with --root folders');
    return ctx.browse;
  };
  return {
    async browseRoots() {
      return { roots: ctx.browse?.rootEntries() ?? [] };
    },
    async browseList({ folderId, files }) {
      return browse().list(folderId, files);
    },
    async browseCreateFolder({ parentId, name }) {
      return browse().createFolder(parentId, name);
    },
    async studiesRecent() {
      const folders = ctx.state.recent.map((r) => ({
        id: ctx.ids.recent.idOf(r.path),
        name: basename(r.path) || r.path,
        displayPath: r.path,
        lastOpenedAt: r.openedAt,
        available: existsSync(r.path) && (ctx.o.mode === 'electron' || ctx.browse?.rootOf(r.path) !== undefined),
      }));
      return { folders, sampleAvailable: sampleAvailable(ctx) };
    },
    async studiesOpen({ source }) {
      let path: string;
      switch (source.via) {
        case 'dialog': {
          if (!ctx.o.pickers) throw new ServiceError('DIALOG_UNAVAILABLE', 'no native dialog in browser mode; pick the folder with the browse API');
          const picked = await ctx.o.pickers.pickFolder('open-study');
          if (picked === undefined) return { cancelled: true as const };
          path = checkedFolder(picked);
          break;
        }
        case 'browse':
          path = browse().folderPath(source.folderId);
          break;
        case 'recent': {
          const recent = ctx.ids.recent.valueOf(source.recentId);
          if (recent === undefined) throw notFound('recent folder');
          path = checkedFolder(recent);
          if (ctx.o.mode === 'browser' && !ctx.browse?.rootOf(path)) {
            throw new ServiceError('NOT_FOUND', 'that folder is outside the folders this server may browse');
          }
          break;
        }
        case 'sample':
          if (!ctx.o.sampleStudyDir || !sampleAvailable(ctx)) throw new ServiceError('NOT_FOUND', 'the sample study is not installed');
          path = checkedFolder(ctx.o.sampleStudyDir);
          break;
        default: {
          const never: never = source;
          throw new ServiceError('INVALID_REQUEST', `unknown source ${String(never)}`);
        }
      }
      const { folder, jobId } = ctx.openFolderPath(path);
      return { folder: { folderId: ctx.ids.folder.idOf(folder), name: basename(folder) || folder, displayPath: folder }, jobId };
    },
    async studiesTree({ folderId, filter }) {
      const folder = ctx.openedFolder(folderId);
      const project = ctx.project();
      const rows = ctx.catalog.refresh(folder);
      const readOnly = await readOnlyView(ctx, folder);
      const assignment = readOnly ? NO_ASSIGNMENT : assignFolderSubjects(ctx.db, project, rows);
      const snapshot = loadFolder(ctx.db, folder, ctx.reviewContext());
      const input: Omit<StudyTreeInput, 'seriesDescription' | 'studyDescription'> = { readOnly, verify: readOnly ? verifyLookup(ctx, folder) : undefined, folder, project, snapshot, assignment, filter, ids: ctx.ids, runningJobId: ctx.jobs.running(null, folder) ?? null };
      // The descriptions are not in the index: a first pass names the files the tree reads them
      // from, the pool's worker reads those not cached, and the tree is built from the cache.
      const wanted: DescriptionWanted[] = [];
      // A description read before (null when the file has none) is known; one never read is wanted.
      const known = (cached: string | null | undefined, w: DescriptionWanted): string | null => {
        if (cached === undefined) wanted.push(w);
        return cached ?? null;
      };
      const first = buildStudyTree({
        ...input,
        seriesDescription: (path, uid) => known(ctx.catalog.seriesDescription(uid), { level: 'series', uid, path }),
        studyDescription: (path, uid) => known(ctx.catalog.studyDescription(uid), { level: 'study', uid, path }),
      });
      if (wanted.length === 0) return first;
      await ctx.catalog.readDescriptions(ctx.requests, wanted);
      return buildStudyTree({ ...input, seriesDescription: (_p, uid) => ctx.catalog.seriesDescription(uid) ?? null, studyDescription: (_p, uid) => ctx.catalog.studyDescription(uid) ?? null });
    },
    async imagesInfo({ imageId }) {
      const { row, folder } = imageRow(ctx, imageId);
      if (!row.hasPixelData) throw new ServiceError('NOT_AN_IMAGE', 'this file has no Pixel Data');
      const { desc, overlays } = await askWorker(ctx.requests, { kind: 'imageInfo', path: row.path });
      const state = imageState(ctx.db, row, ctx.reviewContext());
      return {
        imageId,
        seriesId: row.seriesUid ? ctx.ids.series.idOf(scopedKey(folder, row.seriesUid)) : null,
        rows: desc.rows,
        columns: desc.columns,
        frames: desc.numberOfFrames,
        samplesPerPixel: desc.samplesPerPixel,
        photometric: desc.photometric,
        bitsStored: desc.bitsStored,
        signed: desc.pixelRepresentation === 1,
        rescale: { slope: desc.rescaleSlope ?? 1, intercept: desc.rescaleIntercept ?? 0 },
        window: desc.windowCenter !== undefined && desc.windowWidth !== undefined ? { center: desc.windowCenter, width: desc.windowWidth } : null,
        overlays: overlays.map((o) => ({ group: o.group, rows: o.rows ?? null, columns: o.columns ?? null, inPixelBits: o.inPixelBits })),
        modality: row.modality,
        instanceNumber: row.instanceNumber,
        manufacturer: row.manufacturer,
        model: row.manufacturerModel,
        done: state.done,
        ocr: state.ocr,
      };
    },
    async imagesFrame({ imageId, frame, format }) {
      const { row } = imageRow(ctx, imageId);
      if (!row.hasPixelData) throw new ServiceError('NOT_AN_IMAGE', 'this file has no Pixel Data');
      const { frame: rendered } = await askWorker(ctx.requests, { kind: 'viewerFrame', path: row.path, frame, format });
      return { imageId, ...rendered };
    },
    async imagesOverlays({ imageId, frame }) {
      const { row } = imageRow(ctx, imageId);
      if (!row.hasPixelData) throw new ServiceError('NOT_AN_IMAGE', 'this file has no Pixel Data');
      const { overlays } = await askWorker(ctx.requests, { kind: 'frameOverlays', path: row.path, frame });
      return { imageId, frame, overlays };
    },
    async imagesHeaderPreview({ imageId }) {
      const { row, folder } = imageRow(ctx, imageId);
      await refuseReadOnly(ctx, folder, 'a header preview (it would assign a subject id)');
      const project = ctx.project();
      const assignment = assignFolderSubjects(ctx.db, project, ctx.catalog.rows(folder));
      const subjectId = assignment.subjectOfFile(row);
      if (!subjectId && row.studyUid && assignment.identityConflicts.some((c) => c.studyUid === row.studyUid)) {
        throw new ServiceError('IDENTITY_CONFLICT', 'this study holds files of more than one PatientID: the run does not write it (deidentify --identity-conflict)');
      }
      if (!subjectId || !row.studyUid) throw new ServiceError('NOT_AN_IMAGE', 'this file lacks the UIDs a de-identified file needs');
      // What the run's task would carry: the subject's date offset and the patient's identifiers.
      const dateOffsetDays = project.options.includes('113107') ? dateOffsets(ctx.db, project, [subjectId]).get(subjectId) : undefined;
      const patientValues = createHeaderValues(ctx.db, project.id)(row);
      const ctDate = assignment.ctDateByStudy.get(row.studyUid) ?? '';
      const review = ctx.reviewContext();
      const state = imageState(ctx.db, row, review);
      const { preview } = await askWorker(ctx.requests, {
        kind: 'headerPreview',
        input: {
          path: row.path, subjectId, ctDate, options: project.options, secret: projectSecret(ctx.db, project), dateOffsetDays, patientValues,
          plan: row.hasPixelData ? planPixels(ctx.db, row, project.options) : undefined, pixelCleaning: review.pixelCleaning,
        },
      });
      // The outcome is the verdict's; an image still to be read is read by the run first.
      const outcome = preview.status === 'failed'
        ? { status: 'failed' as const, reason: preview.reason }
        : state.verdict.action === 'withhold'
          ? { status: 'withheld' as const, reason: state.verdict.reason }
          : state.verdict.action === 'read'
            ? { status: 'read-first' as const, reason: state.verdict.reason }
            : { status: 'written' as const, reason: null };
      return {
        imageId,
        subjectId,
        ctDate,
        patientName: preview.patientName,
        options: project.options,
        changes: preview.changes,
        unchangedCount: preview.unchanged,
        outcome,
        verdict: { action: state.verdict.action, reason: state.verdict.reason },
      };
    },
    async reviewMarkDone({ target, done }) {
      let fileIds: number[];
      if ('imageIds' in target) {
        fileIds = target.imageIds.map((id) => imageRow(ctx, id).row.id);
      } else {
        const key = ctx.ids.series.valueOf(target.seriesId);
        if (key === undefined) throw notFound('series');
        const [folder, seriesUid] = key.split('\0');
        fileIds = ctx.catalog.rows(folder).filter((r) => r.seriesUid === seriesUid && r.hasPixelData).map((r) => r.id);
      }
      const reviewer = ctx.reviewer();
      ctx.db.write(() => {
        for (const id of fileIds) setImageReview(ctx.db, id, done, reviewer);
      });
      return { updated: fileIds.length };
    },
  };
}
