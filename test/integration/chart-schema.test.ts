// Composed chart specs are checked against vega-lite's own JSON schema (ajv), not only compiled:
// a spec vega-lite would draw but its schema refuses is reported, with the path of the problem.
import { describe, expect, it } from 'vitest';
import { checkVegaLite, validatesSchema } from '../../src/adapters/chart-output.js';

const base = { data: { values: [{ a: 1, b: 'x' }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'nominal' } } };

describe('the Vega-Lite schema check', () => {
  it('is on (ajv is a dependency)', async () => {
    expect(await validatesSchema()).toBe(true);
  });

  it('passes a valid spec', async () => {
    expect(await checkVegaLite({ name: 'ok.vl.json', spec: base })).toEqual([]);
  });

  it('refuses a constant colour with a scale (vega-lite compiles it, its schema does not allow it), naming the path', async () => {
    const spec = { ...base, encoding: { ...base.encoding, color: { datum: 'x', type: 'nominal', scale: { range: ['#000000'] } } } };
    const problems = await checkVegaLite({ name: 'bad.vl.json', spec });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join(' ')).toMatch(/\/encoding\/color .*Vega-Lite schema/);
  });

  it('refuses an unknown mark', async () => {
    expect((await checkVegaLite({ name: 'bad.vl.json', spec: { ...base, mark: 'pie-ish' } })).length).toBeGreaterThan(0);
  });
});
