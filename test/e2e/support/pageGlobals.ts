/**
 * The few browser globals the tests use inside `page.evaluate`, typed here because the Node
 * tsconfig has no DOM library. Page functions cast `globalThis` to {@link PageGlobals}: they are
 * serialized into the page, so they may use these types but never call anything imported.
 */

/** An element, as far as the tests touch it. */
interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  src: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): PageElement | null;
  appendChild(child: PageElement): void;
  addEventListener(type: string, listener: () => void, options?: { capture?: boolean; once?: boolean }): void;
  removeEventListener(type: string, listener: () => void): void;
  click(): void;
}

/** A CSP violation report event. */
interface ViolationEvent {
  effectiveDirective: string;
  blockedURI: string;
}

/** The page's globals the tests use, plus the probes they leave on `window`. */
export interface PageGlobals {
  document: {
    body: PageElement;
    /** The focused element (keyboard-only tests move it with Tab). */
    activeElement: (PageElement & { matches(selector: string): boolean }) | null;
    querySelector(selector: string): PageElement | null;
    createElement(tag: string): PageElement;
    addEventListener(type: 'securitypolicyviolation', listener: (e: ViolationEvent) => void): void;
  };
  addEventListener(type: string, listener: (e: { type: string }) => void, options?: { capture?: boolean; once?: boolean }): void;
  requestAnimationFrame(fn: () => void): number;
  MutationObserver: new (callback: () => void) => { observe(target: PageElement, options: Record<string, boolean>): void; disconnect(): void };
  /** The string form (eval-like), which a CSP without 'unsafe-eval' refuses. */
  setTimeout(code: string, ms: number): number;
  __deidKeyTiming?: Promise<number>;
  /** Pointer, mouse and wheel events the page received (keyboard-only tests expect none). */
  __pointerEvents?: string[];
  __injected?: boolean;
  __handler?: boolean;
  __evaluated?: boolean;
}
