import { describe, expect, it } from 'vitest';
import { formatDicomDate, nextUnreviewed, reviewOrder, stepImage, stepInSeries } from './treeOrder';
import type { StudyTree, TreeInstance, TreeSeries } from './treeOrder';
import { withDone } from './useStudyTree';

function instance(imageId: string, done: boolean, hasPixels = true): TreeInstance {
  return {
    imageId,
    fileName: `SE1/${imageId}.dcm`,
    transferSyntax: 'Explicit VR Little Endian',
    instanceNumber: imageId.slice(-1),
    frames: 1,
    rows: 64,
    columns: 64,
    hasPixels,
    boxes: { proposed: 1, approved: 0, rejected: 0, unflagged: 0 },
    done,
    ocr: 'done',
    uncleaned: [],
    withheldReason: null,
    verdict: { action: 'burn', reason: 'read: 1 box burned, then verified' },
  };
}

function series(seriesId: string, instances: TreeInstance[]): TreeSeries {
  const counts = { instances: instances.length, images: instances.length, boxes: { proposed: 0, approved: 0, rejected: 0, unflagged: 0 }, uncleaned: 0, done: instances.filter((i) => i.done).length, withheld: 0 };
  return { seriesId, modality: 'CT', seriesNumber: '1', description: null, manufacturer: null, model: null, counts, instances };
}

function sampleTree(): StudyTree {
  return {
    folder: { folderId: 'fld_aaaaaa', name: 'study', displayPath: '/x/study' },
    project: 'default',
    patients: [
      {
        patientId: 'pat_aaaaaa',
        mrn: '123',
        patientName: null,
        subjectId: 'SUBJ-00042',
        studies: [
          {
            studyId: 'stu_aaaaaa',
            ctDate: '20200101',
            studyDate: '20200101',
            description: null,
            modalities: ['CT'],
            series: [series('ser_aaaaaa', [instance('img_aaaaa1', true), instance('img_aaaaa2', false), instance('img_aaaaa3', false, false)]), series('ser_bbbbbb', [instance('img_bbbbb1', false)])],
          },
        ],
      },
    ],
    totals: { files: 4, images: 3, notDicom: 0, errors: 0, listed: 4 },
    runningJobId: null,
  };
}

describe('reviewOrder and moves', () => {
  const order = reviewOrder(sampleTree());

  it('lists images with pixels in tree order', () => {
    expect(order.map((o) => o.imageId)).toEqual(['img_aaaaa1', 'img_aaaaa2', 'img_bbbbb1']);
    expect(order[2].seriesId).toBe('ser_bbbbbb');
    expect(order[0].ctDate).toBe('20200101');
  });

  it('steps and clamps at both ends', () => {
    expect(stepImage(order, 'img_aaaaa1', 1)?.imageId).toBe('img_aaaaa2');
    expect(stepImage(order, 'img_bbbbb1', 1)?.imageId).toBe('img_bbbbb1');
    expect(stepImage(order, 'img_aaaaa1', -1)?.imageId).toBe('img_aaaaa1');
    expect(stepImage(order, null, 1)?.imageId).toBe('img_aaaaa1');
    expect(stepImage([], null, 1)).toBeNull();
  });

  it('finds the next image not done, wrapping round, and none when all are done', () => {
    expect(nextUnreviewed(order, 'img_aaaaa2')?.imageId).toBe('img_bbbbb1');
    expect(nextUnreviewed(order, 'img_bbbbb1')?.imageId).toBe('img_aaaaa2');
    const allDone = reviewOrder(withDone(withDone(sampleTree(), 'img_aaaaa2', true), 'img_bbbbb1', true));
    expect(nextUnreviewed(allDone, 'img_aaaaa1')).toBeNull();
  });
});

describe('withDone', () => {
  it('flips one image and its series count, leaving the input untouched', () => {
    const tree = sampleTree();
    const next = withDone(tree, 'img_aaaaa2', true);
    const s = next.patients[0].studies[0].series[0];
    expect(s.counts.done).toBe(2);
    expect(s.instances[1].done).toBe(true);
    expect(tree.patients[0].studies[0].series[0].counts.done).toBe(1);
    expect(withDone(next, 'img_aaaaa2', true).patients[0].studies[0].series[0].counts.done).toBe(2);
  });
});

describe('formatDicomDate', () => {
  it('writes YYYYMMDD as YYYY-MM-DD and leaves other text', () => {
    expect(formatDicomDate('20161017')).toBe('2016-10-17');
    expect(formatDicomDate('')).toBe('—');
    expect(formatDicomDate('2016')).toBe('2016');
  });
});

describe('stepInSeries', () => {
  it('steps slices within the series only (the wheel on a single frame)', () => {
    const order = reviewOrder(sampleTree());
    expect(order.map((o) => o.imageId)).toEqual(['img_aaaaa1', 'img_aaaaa2', 'img_bbbbb1']);
    expect(stepInSeries(order, 'img_aaaaa1', 1)?.imageId).toBe('img_aaaaa2');
    expect(stepInSeries(order, 'img_aaaaa2', -1)?.imageId).toBe('img_aaaaa1');
    expect(stepInSeries(order, 'img_aaaaa2', 1)).toBeNull();
    expect(stepInSeries(order, 'img_aaaaa1', -1)).toBeNull();
  });
});
