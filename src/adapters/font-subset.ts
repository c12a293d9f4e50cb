// Per-chart subsets of the shipped font, made with HarfBuzz's own subsetter (harfbuzzjs, WebAssembly).
// resvg reads a font file again for every glyph it lays out, so a 10 MB CJK font costs about half a
// second a chart; the subset holding only that chart's characters is some 20 KB and costs next to nothing.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ChartFontFace } from './chart-font.js';

// The project's lib settings (ES2023, no DOM) carry no WebAssembly types; this is the part used here.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
};

interface HarfBuzz {
  memory: { buffer: ArrayBuffer };
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_FLAGS_NO_HINTING = 0x1; // resvg does not hint; the hints are a third of the bytes

let harfbuzz: Promise<HarfBuzz> | undefined;
const faces = new Map<string, Promise<number>>();

function loadHarfBuzz(): Promise<HarfBuzz> {
  harfbuzz ??= (async () => {
    const wasm = await readFile(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const { instance } = await WebAssembly.instantiate(wasm, {});
    return instance.exports as unknown as HarfBuzz;
  })();
  return harfbuzz;
}

/** The face of a font file, loaded into HarfBuzz's memory once per process. */
function loadFace(hb: HarfBuzz, path: string): Promise<number> {
  let face = faces.get(path);
  if (!face) {
    face = readFile(path).then((bytes) => {
      const ptr = hb.malloc(bytes.byteLength);
      new Uint8Array(hb.memory.buffer).set(bytes, ptr);
      const blob = hb.hb_blob_create(ptr, bytes.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
      const created = hb.hb_face_create(blob, 0);
      hb.hb_blob_destroy(blob);
      return created;
    });
    faces.set(path, face);
  }
  return face;
}

/**
 * The font file at `face.path` cut down to the glyphs of `codepoints` (plus what their shaping needs),
 * as TTF bytes. Family and style names are kept, so the subset answers to the same family.
 */
export async function subsetFace(face: ChartFontFace, codepoints: Iterable<number>): Promise<Buffer> {
  const hb = await loadHarfBuzz();
  const source = await loadFace(hb, face.path);
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) throw new Error('HarfBuzz could not allocate a subset input');
  try {
    const set = hb.hb_subset_input_unicode_set(input);
    for (const cp of codepoints) hb.hb_set_add(set, cp);
    hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_HINTING);
    const subset = hb.hb_subset_or_fail(source, input);
    if (!subset) throw new Error(`HarfBuzz could not subset ${face.path}`);
    try {
      const blob = hb.hb_face_reference_blob(subset);
      try {
        const data = hb.hb_blob_get_data(blob, 0);
        // A copy: the view into WebAssembly memory is invalid once memory grows or the blob is freed.
        return Buffer.from(new Uint8Array(hb.memory.buffer, data, hb.hb_blob_get_length(blob)));
      } finally {
        hb.hb_blob_destroy(blob);
      }
    } finally {
      hb.hb_face_destroy(subset);
    }
  } finally {
    hb.hb_subset_input_destroy(input);
  }
}
