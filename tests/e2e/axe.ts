/**
 * The accessibility check for end-to-end tests: axe-core (through @axe-core/playwright) on the page
 * as it is now, for the WCAG 2.1 A and AA rules. A violation fails the test with what axe found
 * (rule, impact, the elements and axe's own advice), so a new screen or state is checked with one
 * line: `await expectAccessible(page, 'Patientenliste')`.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeSummary {
  screen: string;
  /** Rules that passed and that applied to something on the page. */
  passes: number;
  violations: string[];
  /** Rules axe could not decide alone (e.g. contrast over an image), for a person to look at. */
  incomplete: string[];
}

/** Runs axe on `page` (or on what `include` selects) and fails on any WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page, screen: string, options: { include?: string; exclude?: string[] } = {}): Promise<AxeSummary> {
  let builder = new AxeBuilder({ page }).withTags(wcag21aa);
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const found = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
  }));
  // Soft: a test that checks several screens reports every one with violations, not just the first.
  expect.soft(found, `axe found WCAG 2.1 A/AA violations on "${screen}"`).toEqual([]);
  return {
    screen,
    passes: results.passes.length,
    violations: found.map((f) => f.rule),
    incomplete: results.incomplete.map((i) => i.id),
  };
}
