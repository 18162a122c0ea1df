/**
 * Keeps the focused field out from under a sticky save bar (`.form-actions.sticky`, at the bottom
 * of a long form): whenever something gets focus, by keyboard or by a click on the part of a field
 * still showing, and the bar covers it, its scroll container scrolls just enough to show it above
 * the bar, with a little room. Installed once for the whole page, so every form with such a bar
 * gets it. (CSS scroll-padding would cover keyboard focus only, and only for the one container.)
 */
const room = 12;

/** The element that scrolls `el`: a scrolling ancestor (the app's content area, a dialog), else the page. */
function scrollParent(el: HTMLElement): Element | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if ((overflowY === 'auto' || overflowY === 'scroll') && p.scrollHeight > p.clientHeight) return p;
  }
  return el.ownerDocument.scrollingElement;
}

export function keepFocusAboveStickyBars(doc: Document = document): () => void {
  const onFocus = (e: FocusEvent) => {
    const target = e.target;
    if (!(target instanceof HTMLElement) || target.closest('.form-actions.sticky')) return;
    const container = scrollParent(target);
    if (!container) return;
    const bars = [...container.querySelectorAll<HTMLElement>('.form-actions.sticky')].filter((b) => b.offsetParent !== null);
    if (bars.length === 0) return;
    const field = target.getBoundingClientRect();
    const barTop = Math.min(...bars.map((b) => b.getBoundingClientRect().top));
    const covered = field.bottom + room - barTop;
    if (covered > 0) container.scrollBy({ top: covered });
  };
  doc.addEventListener('focusin', onFocus);
  return () => doc.removeEventListener('focusin', onFocus);
}
