// Build step (npm run build): compiles vega-lite's JSON schema once with ajv into a standalone
// validator module, dist/generated/vega-lite-validate.cjs, so a chart or return command loads a
// compiled validator (about 0.1 s) instead of compiling the 8,000-definition schema at every start
// (2–3 s). src/adapters/chart-output.ts falls back to compiling when the file is not there (tests
// run from src). The schema is the installed vega-lite's, so the two cannot disagree.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;

const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8'));
// The same options as chart-output.ts's fallback, plus the source the standalone code is made from.
const ajv = new Ajv({ allErrors: false, strict: false, logger: false, code: { source: true } });
const code = standaloneCode(ajv, ajv.compile(schema));
const out = join(__dirname, '..', 'dist', 'generated');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'vega-lite-validate.cjs'), code);
