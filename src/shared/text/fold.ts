/**
 * Folding for search and sort without ICU: lower case, accents removed. German umlauts also
 * yield an "ae/oe/ue" spelling so that "mueller" finds "Müller" as well as "muller" does.
 */
const special: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th' };

export function fold(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæøœłđðþ]/g, (c) => special[c] ?? c);
}

/** The umlaut-as-digraph spelling (ä→ae, ö→oe, ü→ue), folded. */
export function foldGerman(value: string): string {
  return fold(value.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue'));
}
