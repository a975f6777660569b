/**
 * The part of cornerstone-core 2.6 the viewer uses (the package ships no types). Kept to what
 * `ImageViewer` calls, so swapping the library means replacing this file and the viewer folder.
 */
declare module 'cornerstone-core' {
  /** A point in image pixels or canvas pixels. */
  export interface Point {
    x: number;
    y: number;
  }

  /**
   * A VOI lookup table: entry `i` is the display value of modality value `firstValueMapped + i`;
   * values below or above the table take its first or last entry. cornerstone compares tables by
   * `id` to decide whether its cached lookup table is still good.
   */
  export interface VoiLut {
    id: string;
    firstValueMapped: number;
    numBitsPerEntry: number;
    lut: ArrayLike<number>;
  }

  /** The image object an image loader resolves to. */
  export interface Image {
    imageId: string;
    minPixelValue: number;
    maxPixelValue: number;
    slope: number;
    intercept: number;
    windowCenter: number;
    windowWidth: number;
    getPixelData: () => Uint8Array | Uint16Array | Int16Array | Uint8ClampedArray;
    rows: number;
    columns: number;
    height: number;
    width: number;
    color: boolean;
    rgba?: boolean;
    invert: boolean;
    columnPixelSpacing: number;
    rowPixelSpacing: number;
    sizeInBytes: number;
    /** The VOI lookup table the image's default viewport starts with (instead of its window). */
    voiLUT?: VoiLut;
  }

  /** Display state of an enabled element. */
  export interface Viewport {
    scale: number;
    translation: Point;
    voi: { windowWidth: number; windowCenter: number };
    /** When set, grey images are drawn through this table and `voi` is only remembered. */
    voiLUT?: VoiLut;
    invert: boolean;
    pixelReplication: boolean;
    rotation: number;
    hflip: boolean;
    vflip: boolean;
  }

  /** What an image loader returns. */
  export interface ImageLoadObject {
    promise: Promise<Image>;
    cancelFn?: () => void;
  }

  /** Event names cornerstone dispatches on the enabled element. */
  export const EVENTS: {
    IMAGE_RENDERED: string;
    NEW_IMAGE: string;
    ELEMENT_RESIZED: string;
  };

  export function enable(element: HTMLElement, options?: { renderer?: string }): void;
  export function disable(element: HTMLElement): void;
  export function registerImageLoader(scheme: string, loader: (imageId: string) => ImageLoadObject): void;
  export function loadImage(imageId: string): Promise<Image>;
  export function loadAndCacheImage(imageId: string): Promise<Image>;
  export function displayImage(element: HTMLElement, image: Image, viewport?: Partial<Viewport>): void;
  export function getViewport(element: HTMLElement): Viewport | undefined;
  export function getImage(element: HTMLElement): Image | undefined;
  export function setViewport(element: HTMLElement, viewport: Partial<Viewport>): void;
  export function getDefaultViewportForImage(element: HTMLElement, image: Image): Viewport;
  export function pixelToCanvas(element: HTMLElement, pt: Point): Point;
  export function canvasToPixel(element: HTMLElement, pt: Point): Point;
  export function fitToWindow(element: HTMLElement): void;
  export function resize(element: HTMLElement, forceFitToWindow?: boolean): void;
  export function reset(element: HTMLElement): void;
  export function updateImage(element: HTMLElement, invalidated?: boolean): void;
  export const imageCache: {
    purgeCache: () => void;
    removeImageLoadObject: (imageId: string) => void;
  };
}
