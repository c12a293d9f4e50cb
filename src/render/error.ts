// A failure as a person reads it on stderr: "Error: …" and "Hint: …". Messages stay English; in
// Chinese output the terms a user must act on get their Chinese name beside them, "column (列名)
// 投诉日期", "line (行号) 13", so the place in the file is found without translating the message.
import type { Lang } from './format.js';

// A term followed by what it names (a number or a quoted name), so "column" in running prose stays as it is.
// Not inside a flag or a word (--header-row 5 stays as typed).
const TERMS: ReadonlyArray<[RegExp, string]> = [
  [/(?<![\w-])(columns?)(?= ["“'`#\d])/g, '列名'],
  [/(?<![\w-])(lines?)(?= \d)/g, '行号'],
  [/(?<![\w-])(rows?)(?= \d)/g, '行号'],
  [/(?<![\w-])(sheet)(?= ["“'`])/g, '工作表'],
  [/(?<![\w-])(cells?)(?= [A-Z]+\d)/g, '单元格'],
];

/** The message with the Chinese term after each English one it knows (zh only; en is unchanged). */
export function withChineseTerms(text: string, lang: Lang): string {
  if (lang !== 'zh') return text;
  return TERMS.reduce((s, [pattern, zh]) => s.replace(pattern, `$1 (${zh})`), text);
}

/** The lines a failure prints on stderr (never on stdout, never under --json's document). */
export function renderError(shown: { message: string; hint?: string }, lang: Lang): string[] {
  const lines = [`Error: ${withChineseTerms(shown.message, lang)}`];
  if (shown.hint) lines.push(`Hint: ${withChineseTerms(shown.hint, lang)}`);
  return lines;
}
