// The kill loop of issue 15 item 1, bigger than the test's: a `grayscope load` of a 200k-row CSV is
// killed (SIGKILL) inside its COMMIT, again and again, each time from the same starting database;
// after every kill the database is opened the way the next command opens it and its tables are
// compared with load_ledger/loads. Prints and writes bench/kill-results.json.
//   node bench/kill-commit.js [--kills N] [--rows R]      (after npm run build)
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const KILLS = arg('kills', 50);
const ROWS = arg('rows', 200_000);
const dir = join(root, 'bench', 'data', 'kill-commit');
const bin = join(root, 'bin', 'run.js');
// The children's system temp folder: nothing may appear in it.
const systemTemp = join(dir, 'systmp');
const env = { ...process.env, TMPDIR: systemTemp, TMP: systemTemp, TEMP: systemTemp };
const { openDatabase } = await import('../dist/adapters/duckdb.js');
const { ledgerMismatches } = await import('../dist/core/db/consistency.js');

function writeCsv(path, rows, prefix) {
  const regions = ['广东', '北京', '上海', '浙江', '江苏'];
  const categories = ['反催收', '征信修复', '代理投诉', '跑分', '虚假诉讼'];
  const parts = ['complaint_id,received_date,region,category,amount,phone,narrative\n'];
  for (let i = 0; i < rows; i++) {
    const month = String(1 + (i % 9)).padStart(2, '0');
    parts.push(
      `${prefix}${i},2025-${month}-${10 + (i % 18)},${regions[i % 5]},${categories[i % 5]},${(i % 997) * 10 + 5},139${String(i).padStart(8, '0')},客户反映第三方机构以债务优化名义收取服务费用 编号${i}\n`,
    );
  }
  // Two malformed rows, so that the load quarantines something too.
  parts.push(`${prefix}bad1,not a date,广东,反催收,5,,x\n`, `${prefix}bad2,2025-01-01,火星,反催收,5,,x\n`);
  writeFileSync(path, parts.join(''));
}

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const walSize = (db) => {
  try {
    return statSync(`${db}.wal`).size;
  } catch {
    return -1;
  }
};

/** Starts the load; once it says its rows are written (the line printed just before COMMIT), kills it when the WAL has grown by `grow` bytes. */
function loadAndKill(db, grow) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'load', 'complaints', 'big.csv', '--db', db], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killedAt;
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      if (killedAt === undefined && /rows read, .* loaded/.test(stderr)) {
        killedAt = -1;
        const base = Math.max(0, walSize(join(dir, db)));
        const spin = () => {
          if (child.exitCode !== null) return;
          const size = walSize(join(dir, db));
          if (size >= base + grow) {
            killedAt = size;
            child.kill('SIGKILL');
          } else setImmediate(spin);
        };
        spin();
      }
    });
    child.on('close', (code, signal) => resolve({ code, signal, killedAt, stderr }));
  });
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(systemTemp, { recursive: true });
writeCsv(join(dir, 'small.csv'), 3, 'S');
writeCsv(join(dir, 'big.csv'), ROWS, 'B');
const first = await run(['load', 'complaints', 'small.csv', '--db', 'base.duckdb']);
if (first.code !== 0) throw new Error(first.stderr);

const figures = { kills: 0, finished_before_kill: 0, inconsistent: 0, examples: [] };
const started = Date.now();
for (let i = 0; i < KILLS; i++) {
  rmSync(join(dir, 'w.duckdb'), { force: true });
  rmSync(join(dir, 'w.duckdb.wal'), { force: true });
  copyFileSync(join(dir, 'base.duckdb'), join(dir, 'w.duckdb'));
  const grow = [1024, 1, 2048, 4096, 8192][i % 5];
  const r = await loadAndKill('w.duckdb', grow);
  if (r.signal !== 'SIGKILL') {
    figures.finished_before_kill++;
    continue;
  }
  figures.kills++;
  const db = await openDatabase(join(dir, 'w.duckdb'));
  try {
    const problems = await ledgerMismatches(db);
    if (problems.length > 0) {
      figures.inconsistent++;
      if (figures.examples.length < 3) figures.examples.push({ wal_bytes_at_kill: r.killedAt, problems: problems.slice(0, 4) });
    }
  } finally {
    db.close();
  }
  process.stderr.write(`\rkill ${i + 1}/${KILLS}: ${figures.kills} killed in COMMIT, ${figures.inconsistent} inconsistent`);
}
process.stderr.write('\n');
const leftInTmp = readdirSync(systemTemp);
const result = { rows: ROWS, ...figures, seconds: Math.round((Date.now() - started) / 1000), files_left_in_system_temp: leftInTmp.length, load_folders_left_in_project: existsSync(join(dir, '.grayscope', 'tmp')) ? readdirSync(join(dir, '.grayscope', 'tmp')).length : 0 };
console.log(JSON.stringify(result, null, 2));
writeFileSync(join(root, 'bench', 'kill-results.json'), `${JSON.stringify(result, null, 2)}\n`);
