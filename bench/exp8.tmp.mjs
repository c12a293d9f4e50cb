import { openDatabase } from '../dist/adapters/duckdb.js';
import { defineMacros } from '../dist/core/ingest/macros.js';
const db = await openDatabase(':memory:');
await defineMacros(db, 'salt', new Date());
await db.run(`CREATE TABLE n AS SELECT institution AS a, agency_name AS g, region AS r FROM read_csv('/work/benchdata/complaints.csv', all_varchar=true)`);
async function t(label, expr) {
  let best = 1e9, row;
  for (let i = 0; i < 3; i++) { const t0 = Date.now(); row = await db.all(`SELECT sum(length(x)) l FROM (SELECT ${expr} AS x FROM n)`); best = Math.min(best, Date.now() - t0); }
  console.log(label.padEnd(30), best, 'ms', JSON.stringify(row[0]));
}
const P1 = `'[0-9０-９][0-9０-９\\s\\-()（）\\x{00A0}\\x{3000}\\x{2010}-\\x{2015}\\x{2212}\\x{FF0D}]{5,}[0-9０-９XxＸｘ]'`;
//await t('base g', 'g');
//await t('fold g', 'gs_fold(g)');
//await t('fold FW only', `CASE WHEN strlen(g) = length(g) OR NOT regexp_matches(g, '[\\x{FF01}-\\x{FF5E}]') THEN g ELSE 'x' END`);
//await t('fold FW contains', `CASE WHEN strlen(g) = length(g) OR NOT (regexp_matches(g, '[\\x{FF01}-\\x{FF5E}]') OR contains(g, '　')) THEN g ELSE 'x' END`);
//await t('mask g', 'gs_mask_text(g)');
//await t('P1 g', `CASE WHEN regexp_matches(g, ${P1}) THEN 'y' ELSE '' END`);
//await t('phone g', `CASE WHEN regexp_matches(g, '1[3-9][0-9]{9}') THEN 'y' ELSE '' END`);
//await t('trim g', `trim(g)`);
//await t('key g', `gs_agency_key(g)`);
//await t('key ws', `regexp_replace(g, '[\\s\\x{00A0}\\x{3000}]+', '', 'g')`);
//await t('key suffix', `regexp_replace(g, '(有限责任公司|有限公司|公司)$', '')`);
//await t('key upper', `upper(g)`);
const FW = `'[\\x{FF01}-\\x{FF5E}\\x{3000}]'`;
//await t('fold 2tier', `nullif(trim(CASE WHEN strlen(g) = length(g) OR NOT regexp_matches(g, ${FW}) THEN g WHEN NOT regexp_matches(replace(replace(g, '（', '('), '）', ')'), ${FW}) THEN replace(replace(g, '（', '('), '）', ')') ELSE 'TRANSLATE' END), '')`);
//await t('count fw rows', `CASE WHEN regexp_matches(g, ${FW}) THEN 'y' ELSE '' END`);
const FROM = (() => { let f = '', to = ''; for (let cp = 0xff01; cp <= 0xff5e; cp++) { f += String.fromCodePoint(cp); to += String.fromCodePoint(cp - 0xfee0); } return { f: f + '\u3000', to: to + ' ' }; })();
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
await t('fold 2tier real', `nullif(trim(CASE WHEN g IS NULL OR strlen(g) = length(g) OR NOT regexp_matches(g, ${FW}) THEN g WHEN NOT regexp_matches(replace(replace(g, '（', '('), '）', ')'), ${FW}) THEN replace(replace(g, '（', '('), '）', ')') ELSE translate(g, ${lit(FROM.f)}, ${lit(FROM.to)}) END), '')`);
await t('translate rows', `CASE WHEN g IS NULL OR strlen(g) = length(g) OR NOT regexp_matches(g, ${FW}) THEN '' WHEN NOT regexp_matches(replace(replace(g, '（', '('), '）', ')'), ${FW}) THEN '' ELSE 'y' END`);
