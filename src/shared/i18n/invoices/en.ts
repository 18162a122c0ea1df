import type { invoicesDe } from './de.js';

export const invoicesEn: Record<keyof typeof invoicesDe, string> = {
};
