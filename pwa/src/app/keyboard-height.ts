/**
 * The page's height follows the on-screen keyboard, so the composer stays above it. Browsers that
 * honour the viewport's `interactive-widget=resizes-content` (Chrome and Firefox on Android) shrink
 * the page themselves; one that lays the keyboard over the page (Safari on iOS) only shrinks the
 * visual viewport: there `--volley-visible-height` (theme.css) holds what is left of it. A pinch
 * zoom shrinks the visual viewport too, and is not a keyboard: the page keeps its height then.
 */
export function followKeyboard(root: HTMLElement = document.documentElement): void {
  const viewport = globalThis.visualViewport;
  if (!viewport) return;
  const follow = (): void => {
    const covered = Math.abs(viewport.scale - 1) < 0.01 && viewport.height < innerHeight - 1;
    if (covered) root.style.setProperty('--volley-visible-height', `${viewport.height}px`);
    else root.style.removeProperty('--volley-visible-height');
  };
  viewport.addEventListener('resize', follow);
  follow();
}
