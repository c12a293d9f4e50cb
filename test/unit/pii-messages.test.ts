// Messages are masked for personal numbers without over-masking what is never personal (issue 15
// item 11): sha256 digests and their 12-character prefixes, line and column positions, run ids stay
// as written in errors, hints and log lines; a phone quoted in the same message is still masked.
import { describe, expect, it } from 'vitest';
import { GrayscopeError } from '../../src/core/errors.js';
import { maskMessage } from '../../src/core/pii.js';

const PREFIX = 'a13912345678…';
const DIGEST = 'e13812345678c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('maskMessage', () => {
  it.each([
    [`data/c.csv was loaded before with different contents (sha256 ${PREFIX}, now 0f13900001111…)`],
    [`sha256 ${DIGEST}`],
    ['sha256: a13812345678'],
    ['data/c.csv: line 13800000000, column 13912345678: bad date'],
    ['queries/by_quarter.sql:13800000000:13912345678: Binder Error'],
    ['data/c.csv:13800000000: unterminated quote'],
    ['第13800000000行'],
    ['run 20250301T101530000Z-13912a'],
  ])('keeps %s as written', (text) => {
    expect(maskMessage(text)).toBe(text);
  });

  it('still masks a phone number, also beside a digest or a position', () => {
    expect(maskMessage(`line 3: phone 13812345678 (sha256 ${PREFIX})`)).toBe(`line 3: phone 138****5678 (sha256 ${PREFIX})`);
    expect(maskMessage('13812345678abc')).toBe('138****5678abc');
    expect(maskMessage('银行13812345678')).toBe('银行138****5678');
  });

  it("GrayscopeError's message and hint keep a sha256 prefix and a position", () => {
    const err = new GrayscopeError('input', `c.csv: line 13800000000: sha256 ${PREFIX} changed`, { hint: `compare ${PREFIX}` });
    const shown = err.toJSON() as { message: string; hint: string };
    expect(shown.message).toBe(`c.csv: line 13800000000: sha256 ${PREFIX} changed`);
    expect(shown.hint).toBe(`compare ${PREFIX}`);
  });
});
