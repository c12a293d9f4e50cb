// A small zip writer for hostile-workbook tests: parts given as bytes or as a repeated chunk
// deflated streaming (a zip bomb is a few hundred KB packed and never held unpacked in memory), and
// sizes that can be made to lie.
import { crc32, deflateRawSync, createDeflateRaw } from 'node:zlib';

export interface ZipPart {
  name: string;
  data?: Buffer | string;
  /** The part is `chunk` repeated `times` times, deflated as a stream. */
  repeat?: { head: string; chunk: string; times: number; tail: string };
  /** The uncompressed size written in the headers, if not the real one. */
  declaredSize?: number;
}

async function deflateRepeated(head: Buffer, chunk: Buffer, times: number, tail: Buffer): Promise<{ packed: Buffer; size: number; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const ended = new Promise((resolve, reject) => (deflate.on('end', resolve), deflate.on('error', reject)));
  let crc = 0;
  const pieces = function* () {
    yield head;
    for (let i = 0; i < times; i++) yield chunk;
    yield tail;
  };
  for (const piece of pieces()) {
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await ended;
  return { packed: Buffer.concat(out), size: head.length + chunk.length * times + tail.length, crc };
}

export async function zipBytes(parts: readonly ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    let packed: Buffer;
    let size: number;
    let crc: number;
    if (part.repeat) ({ packed, size, crc } = await deflateRepeated(Buffer.from(part.repeat.head), Buffer.from(part.repeat.chunk), part.repeat.times, Buffer.from(part.repeat.tail)));
    else {
      const data = Buffer.from(part.data ?? '');
      packed = deflateRawSync(data);
      size = data.length;
      crc = crc32(data);
    }
    const declared = part.declaredSize ?? size;
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt16LE(0, 12);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(declared, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    central.push(cd, name);
    offset += local.length + name.length + packed.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBytes, end]);
}

const CT = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WB = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WB_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
const SHEET = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`;

/**
 * A one-sheet workbook whose xl/sharedStrings.xml holds `mb` MB of repeated shared strings (about
 * a thousand to one packed), its size declared truthfully or, with `lie`, as a few KB.
 */
export function sharedStringsBomb(mb: number, lie = false): Promise<Buffer> {
  const one = '<si><t>反催收代理 debt evasion agency</t></si>';
  const block = one.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(one)));
  const head = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
  return zipBytes([
    { name: '[Content_Types].xml', data: CT },
    { name: '_rels/.rels', data: RELS },
    { name: 'xl/workbook.xml', data: WB },
    { name: 'xl/_rels/workbook.xml.rels', data: WB_RELS },
    { name: 'xl/worksheets/sheet1.xml', data: SHEET },
    { name: 'xl/sharedStrings.xml', repeat: { head, chunk: block, times: mb, tail: '</sst>' }, ...(lie ? { declaredSize: 4096 } : {}) },
  ]);
}
