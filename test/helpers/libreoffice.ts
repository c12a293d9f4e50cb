// LibreOffice headless (Debian's libreoffice-calc-nogui) as a real client of the returns: it opens a
// workbook with "recalculate on load" set to always, so the formulas are computed by LibreOffice and
// not read from the cached values grayscope wrote, and saves it again as .xlsx (or prints it to PDF).
// Each call gets its own profile folder, so two calls do not share (or lock) one user profile.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const LIBREOFFICE_HINT = "Install Debian's libreoffice-calc-nogui package (apt-get install libreoffice-calc-nogui) to run this test.";

/** The soffice executable, or null when LibreOffice is not installed. */
export function findSoffice(): string | null {
  return ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p)) ?? null;
}

// Calc → Formula → Recalculation on file load: 0 = always (for Excel 2007+ and ODF files).
const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** The Noto Sans SC fonts shipped for the charts, so LibreOffice can draw Chinese on a machine without CJK fonts. */
const FONT_DIR = fileURLToPath(new URL('../../node_modules/@expo-google-fonts/noto-sans-sc', import.meta.url));

/**
 * Opens `file` in LibreOffice with recalculation on load and converts it (`xlsx`: saved again with
 * LibreOffice's own computed values; `pdf`: printed with the sheets' print setup). Returns the output path.
 */
export async function convertWithLibreOffice(file: string, to: 'xlsx' | 'pdf', outDir: string): Promise<string> {
  const soffice = findSoffice();
  if (!soffice) throw new Error(LIBREOFFICE_HINT);
  const profile = mkdtempSync(join(tmpdir(), 'gs-lo-profile-'));
  try {
    mkdirSync(join(profile, 'user'), { recursive: true });
    writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
    const fonts = join(profile, 'fonts.conf');
    writeFileSync(fonts, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${FONT_DIR}</dir><cachedir>${join(profile, 'fc-cache')}</cachedir></fontconfig>`);
    mkdirSync(outDir, { recursive: true });
    await run(soffice, [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--calc', '--convert-to', to, '--outdir', outDir, file], {
      timeout: 120_000,
      env: { ...process.env, FONTCONFIG_FILE: fonts, HOME: profile },
    });
    const out = join(outDir, basename(file).replace(/\.[^.]+$/, `.${to}`));
    if (!existsSync(out)) throw new Error(`LibreOffice wrote no ${to} for ${file} (in ${outDir}: ${readdirSync(outDir).join(', ')})`);
    return out;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
