// Every test runs with all four catalogs loaded, as main does (src/shared/i18n/index.ts registers
// them); shared modules translate through i18n/translate.ts, which alone knows German.
import '../../src/shared/i18n/index.js';
