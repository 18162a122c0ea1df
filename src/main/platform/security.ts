/**
 * The renderer's Content Security Policy, the same for both hosts (browser mode's HTTP answers and
 * the desktop's app:// protocol): our own scripts only, PDFs shown from blob: frames, no foreign
 * connections, no framing.
 */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
