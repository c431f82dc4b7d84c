/**
 * Scripts run in the page, as source text: tsx would add helpers to a function that the page does
 * not have.
 */

/**
 * Waits until the message of that id is wholly in view and answers `performance.now()` then. With
 * `text`, its body must show that text (an encrypted message shows it once read). Messages live in
 * nested shadow roots: it is looked for wherever it is.
 */
export const untilNewest = (id: string, text?: string): string => `(async () => {
  const find = (root) => {
    const el = root.querySelector('[data-testid="message"][data-id="${id}"]');
    if (el) return el;
    for (const host of root.querySelectorAll('*')) { const found = host.shadowRoot && find(host.shadowRoot); if (found) return found; }
    return null;
  };
  for (;;) {
    const el = find(document);
    const shown = ${text === undefined ? 'el' : `el?.shadowRoot?.querySelector('[data-testid="message-body"]')`};
    if (shown && ${text === undefined ? 'true' : `shown.textContent.includes(${JSON.stringify(text)})`}) {
      const box = shown.getBoundingClientRect();
      if (box.height > 0 && box.bottom <= innerHeight + 1 && box.top >= 0) return performance.now();
    }
    await new Promise(requestAnimationFrame);
  }
})()`;
