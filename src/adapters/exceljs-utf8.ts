// exceljs 4.4's streaming reader decodes each zip chunk to text on its own (utils/parse-sax.js),
// so a Chinese character split across two chunks turns into U+FFFD. Until that is fixed upstream
// we load exceljs with a copy of that module that keeps one StringDecoder per stream. It must be
// in the require cache before exceljs is first loaded; every XLSX read goes through loadExcelJS().
import { createRequire, Module } from 'node:module';
import { StringDecoder } from 'node:string_decoder';

const require = createRequire(import.meta.url);

interface SaxEvent {
  eventType: string;
  value: unknown;
}

function installUtf8SafeParseSax(): void {
  const exceljsMain = require.resolve('exceljs');
  const fromExcelJS = createRequire(exceljsMain);
  const path = fromExcelJS.resolve('./lib/utils/parse-sax.js');
  if ((require.cache[path]?.exports as { utf8Safe?: boolean } | undefined)?.utf8Safe) return;
  // exceljs may already be loaded with the original module bound in: load a fresh copy instead.
  const root = exceljsMain.slice(0, exceljsMain.lastIndexOf('exceljs') + 'exceljs'.length);
  for (const key of Object.keys(require.cache)) if (key.startsWith(root)) delete require.cache[key];
  const { SaxesParser } = fromExcelJS('saxes') as { SaxesParser: new () => { on(e: string, f: (v: unknown) => void): void; write(s: string): void } };
  const { PassThrough } = fromExcelJS('readable-stream') as typeof import('node:stream');
  async function* parseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
    let source: AsyncIterable<Buffer | string> = iterable;
    if (typeof iterable.pipe === 'function' && !(Symbol.asyncIterator in iterable)) {
      source = (iterable as unknown as NodeJS.ReadableStream).pipe(new PassThrough()) as unknown as AsyncIterable<Buffer>;
    }
    const parser = new SaxesParser();
    const decoder = new StringDecoder('utf8');
    let error: unknown;
    parser.on('error', (err) => {
      error = err;
    });
    let events: SaxEvent[] = [];
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    for await (const chunk of source) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (error) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.end();
    if (rest) {
      parser.write(rest);
      if (error) throw error;
      yield events;
    }
  }
  const mod = new Module(path);
  mod.filename = path;
  mod.loaded = true;
  mod.exports = Object.assign(parseSax, { utf8Safe: true });
  require.cache[path] = mod;
}

let cached: typeof import('exceljs') | undefined;

/** exceljs, with the UTF-8-safe SAX feeder installed first. */
export function loadExcelJS(): typeof import('exceljs') {
  if (!cached) {
    installUtf8SafeParseSax();
    cached = require('exceljs') as typeof import('exceljs');
  }
  return cached;
}
