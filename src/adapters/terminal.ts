// The stderr side of a command: plain lines when piped, a progress bar on a terminal, nothing
// with --quiet. stdout is reserved for results.
import { maskText } from '../core/pii.js';
import type { Progress, Reporter } from '../core/reporter.js';

export function stderrReporter(options: { quiet: boolean; json: boolean }): Reporter {
  const tty = Boolean(process.stderr.isTTY) && !options.quiet;
  const color = tty && !process.env.NO_COLOR;
  // Every log line passes the personal-data masker: a header or value quoted in a warning is data.
  const write = (line: string) => {
    if (!options.quiet) process.stderr.write(`${maskText(line)}\n`);
  };
  return {
    info: write,
    warn: (m) => write(color ? `\u001b[33mwarning\u001b[0m: ${m}` : `warning: ${m}`),
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
        process.stderr.write(`\r${maskText(text)} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}%`);
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
