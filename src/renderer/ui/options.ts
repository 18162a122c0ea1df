/** Translated choices for the selects (professions, countries, languages, salutations, sexes). */
import { professions, salutations, sexes } from '../../shared/contract/index.js';
import { countries, currencies, languages } from '../../shared/validation/fields.js';
import type { Option } from './Inputs.js';
import type { Translator } from '../app/i18n.js';

export const professionOptions = (t: Translator): Option[] => professions.map((p) => ({ value: p, label: t(`profession.${p}`) }));
export const countryOptions = (t: Translator): Option[] => countries.map((c) => ({ value: c, label: t(`country.${c}`) }));
export const languageOptions = (t: Translator): Option[] => languages.map((l) => ({ value: l, label: t(`language.${l}`) }));
export const salutationOptions = (t: Translator): Option[] => salutations.map((s) => ({ value: s, label: t(`salutation.${s}`) }));
export const sexOptions = (t: Translator): Option[] => sexes.map((s) => ({ value: s, label: t(`sex.${s}`) }));
export const currencyOptions = (): Option[] => currencies.map((c) => ({ value: c, label: c }));
