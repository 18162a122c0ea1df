/**
 * Finds every free-text string a contract input schema accepts, as dotted paths ("patient.address.town",
 * "items.0.serviceId", "values.*" for a record's values), by walking zod's own schema description.
 * Enums and literals are fixed words, not free text, and are left out.
 */
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}

export function stringPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
  switch (def.type) {
    case 'string':
      return [prefix];
    case 'object':
      return Object.entries(def.shape!).flatMap(([key, s]) => stringPaths(s, at(key)));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return stringPaths(def.innerType!, prefix);
    case 'pipe':
      return stringPaths(def.in!, prefix);
    case 'array':
      return stringPaths(def.element!, at('0'));
    case 'record':
      return stringPaths(def.valueType!, at('*'));
    case 'union':
      return [...new Set(def.options!.flatMap((o) => stringPaths(o, prefix)))];
    case 'enum':
    case 'literal':
    case 'number':
    case 'boolean':
    case 'transform':
      return [];
    default:
      throw new Error(`stringPaths: no rule for zod type ${def.type} at ${prefix || '(root)'}`);
  }
}

/** Plain values that some string field accepts; a field takes the first its own schema passes. */
const stringCandidates = [
  '11111111-1111-4111-8111-111111111111', '8001', '2026-11-10', '09:00', 'anna@example.ch', '+41 44 123 45 67', 'www.praxis.ch',
  'CH93 0076 2011 6238 5295 7', '756.1234.5678.97', '7601000000002', 'A123456', '{YYYY}-{NNNNN}', 'Anna', '',
];

/**
 * A valid input for a schema, made from the schema itself: every optional field present (so that
 * every string field is there to be spoiled), every string the first candidate its field accepts.
 * Rules between fields (postal code and country, a range's ends) hold for these plain values; where
 * they do not, the caller gives the input by hand.
 */
export function sampleInput(schema: z.ZodType): unknown {
  const def = (schema as unknown as { _zod: { def: Def & { keyType?: { options?: string[] }; entries?: Record<string, string>; values?: unknown[] } } })._zod.def;
  switch (def.type) {
    case 'string':
      return stringCandidates.find((c) => schema.safeParse(c).success) ?? 'x';
    case 'number':
      return [1, 100, 0].find((n) => schema.safeParse(n).success) ?? 1;
    case 'boolean':
      return false;
    case 'enum':
      return Object.values(def.entries!)[0];
    case 'literal':
      return def.values![0];
    case 'object':
      return Object.fromEntries(Object.entries(def.shape!).map(([key, s]) => [key, sampleInput(s)]));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return sampleInput(def.innerType!);
    case 'pipe':
      return sampleInput(def.in!);
    case 'array':
      return [sampleInput(def.element!)];
    case 'record':
      return { [def.keyType!.options![0]!]: sampleInput(def.valueType!) };
    case 'union':
      return sampleInput(def.options![0]!);
    default:
      throw new Error(`sampleInput: no rule for zod type ${def.type}`);
  }
}
