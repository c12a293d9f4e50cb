// terminalText, the one sanitiser of what reaches a terminal (issue 15 item 10): controls shown as
// one visible character each, CRLF line ends and tabs kept.
import { describe, expect, it } from 'vitest';
import { terminalText } from '../../src/adapters/terminal.js';

describe('terminalText', () => {
  it('shows ESC, BEL, a lone CR and DEL as control pictures, C1 and bidi controls as �, one for one', () => {
    expect(terminalText('a\u001b[31mb\u0007c\rd\u007fe')).toBe('a\u241b[31mb\u2407c\u240dd\u2421e');
    expect(terminalText('x\u009by\u202ez\u2066w\u200f')).toBe('x\uFFFDy\uFFFDz\uFFFDw\uFFFD');
  });

  it('keeps tabs, LF and CRLF line ends, and ordinary text (Chinese, full-width) as it is', () => {
    const text = 'a\tb\r\nc\n投诉　＝1';
    expect(terminalText(text)).toBe(text);
  });
});
