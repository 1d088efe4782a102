import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEB_API_TYPES, webApiTypes } from '../../bin/gen-web-types.ts';

describe('web/src/api-types.ts', () => {
  it('is what `npm run gen:web-types` makes of the current OpenAPI document', async () => {
    const committed = readFileSync(WEB_API_TYPES, 'utf8');
    // A failure here means a response schema changed: run `npm run gen:web-types`.
    expect(committed === (await webApiTypes())).toBe(true);
  }, 60_000);
});
