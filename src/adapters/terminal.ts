// The stderr side of a command: plain lines when piped, a progress bar on a terminal, nothing
// with --quiet. stdout is reserved for results. terminalText is the one sanitiser of everything
// the human renderers and messages print: text from the data must not drive the terminal.
import { maskMessage } from '../core/pii.js';
import type { Progress, Reporter } from '../core/reporter.js';

/**
 * Characters a terminal acts on instead of showing: C0 controls but tab and newline (ESC starts an
 * escape sequence, BEL rings, a CR not ending a CRLF line overwrites the line), DEL, C1 controls (0x9B is an 8-bit CSI) and
 * the bidirectional controls that reorder what follows (U+202A–202E, U+2066–2069, LRM, RLM, ALM).
 */
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|\r(?!\n)/g;

/**
 * Text made safe to print: a C0 control or DEL becomes its Unicode control picture (ESC → ␛,
 * BEL → ␇, CR → ␍), a C1 or bidi control becomes �. One visible character for one, so a table's
 * columns still line up and the reader sees that something was there.
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\uFFFD';
  });
}

/** What a log line or message shows: personal numbers masked (a value quoted in a warning is data; digests and positions are not), then made safe. */
const shown = (line: string) => terminalText(maskMessage(line));

export function stderrReporter(options: { quiet: boolean; json: boolean }): Reporter {
  const tty = Boolean(process.stderr.isTTY) && !options.quiet;
  const color = tty && !process.env.NO_COLOR;
  const write = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  return {
    info: (m) => write(shown(m)),
    warn: (m) => write(color ? `\u001b[33mwarning\u001b[0m: ${shown(m)}` : `warning: ${shown(m)}`),
    progress(total: number, label: string): Progress {
      if (!tty || total <= 0) return { update() {}, stop() {} };
      let last = 0;
      const draw = (done: number, text: string) => {
        const now = Date.now();
        if (now - last < 100 && done < total) return;
        last = now;
        const width = 28;
        const ratio = Math.min(1, done / total);
        const filled = Math.round(ratio * width);
        const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
        process.stderr.write(`\r${shown(text)} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}%`);
      };
      let current = label;
      draw(0, current);
      return {
        update(done, text) {
          if (text) current = text;
          draw(done, current);
        },
        stop() {
          process.stderr.write('\r\u001b[2K');
        },
      };
    },
  };
}
