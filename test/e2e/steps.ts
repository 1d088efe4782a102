// Helpers for the end-to-end walks (walk.test.ts, and any other suite that walks an
// analyst's task): a screenshot per step, kept under test/e2e/screens/ (git-ignored), and
// the accessibility check of a page with axe-core (Deque's rules, WCAG 2.x A and AA).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Where the walks keep one screenshot per step (git-ignored; CI keeps it as an artifact). */
export const SCREENS = fileURLToPath(new URL('./screens/', import.meta.url));

/** The browser window of an analyst's laptop, as the walk used it. */
export const VIEWPORT = { width: 1440, height: 900 };

/** Saves the page as `screens/<name>.png` (the visible window, as the analyst saw it). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS, { recursive: true });
  const path = join(SCREENS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * The page's accessibility violations of impact `serious` or `critical`, by axe-core's
 * WCAG 2.0/2.1 A and AA rules. The script is evaluated by the driver (as devtools would),
 * so the app's Content-Security-Policy, which allows no inline script, stays in force.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate<AxeViolation[]>(`(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  })()`);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
