import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCommand as generate } from '../../src/api.js';
import { normaliseAgencyName } from '../../src/core/generate/personal.js';
import { buildPopulation, type Population } from '../../src/core/generate/population.js';
import { type GenRecord, quarterRecords, type QuarterRecords } from '../../src/core/generate/records.js';
import { silentReporter } from '../../src/core/reporter.js';

let root: string;
let truth: any;
let population: Population;
let quarters: QuarterRecords[];

async function hashFolder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    out[name] = createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
  }
  return out;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'grayscope-gen-'));
  await generate({ out: join(root, 'a'), seed: 1, scale: 'small', messy: false }, silentReporter);
  truth = JSON.parse(await readFile(join(root, 'a', 'truth.json'), 'utf8'));
  population = buildPopulation(1, 'small');
  quarters = population.quarters.map((plan) => quarterRecords(1, plan));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generate: determinism', () => {
  it('writes byte-identical files for the same seed and different files for another seed', async () => {
    await generate({ out: join(root, 'b'), seed: 1, scale: 'small', messy: false }, silentReporter);
    await generate({ out: join(root, 'c'), seed: 2, scale: 'small', messy: false }, silentReporter);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => hashFolder(join(root, d))));
    expect(Object.keys(a!)).toEqual(['complaints.csv', 'enforcement.csv', 'incidents.csv', 'truth.json', 'truth_records.csv']);
    expect(b).toEqual(a);
    for (const name of Object.keys(a!)) expect(c![name], name).not.toBe(a![name]);
  });

  it('rejects a negative seed as a usage error', async () => {
    await expect(generate({ out: join(root, 'x'), seed: -1, scale: 'small', messy: false }, silentReporter)).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('generate: calibration of the ground truth', () => {
  const q = (label: string) => truth.quarters.find((x: any) => x.quarter === label);

  it('puts the market at about 2,800亿 yuan in 2025Q1 and about +40% on 2023Q1', () => {
    const v2025 = q('2025Q1').value_cny.total;
    const v2023 = q('2023Q1').value_cny.total;
    expect(Math.abs(v2025 / 2.8e11 - 1)).toBeLessThan(0.1);
    expect(v2025 / v2023).toBeGreaterThan(1.3);
    expect(v2025 / v2023).toBeLessThan(1.5);
  });

  it('grows smoothly: every quarter-on-quarter change is between -2% and +10%', () => {
    const totals = truth.quarters.map((x: any) => x.value_cny.total);
    for (let i = 1; i < totals.length; i++) {
      const g = totals[i] / totals[i - 1] - 1;
      expect(g).toBeGreaterThan(-0.02);
      expect(g).toBeLessThan(0.1);
    }
  });

  it('has about 30% templated complaints in 2024, fewer in 2023 and more in 2025', () => {
    const share = (year: number) => truth.years.find((y: any) => y.year === year).templated_share;
    expect(share(2024)).toBeGreaterThanOrEqual(0.25);
    expect(share(2024)).toBeLessThanOrEqual(0.35);
    expect(share(2023)).toBeLessThan(share(2024));
    expect(share(2025)).toBeGreaterThan(share(2024));
  });

  it('writes exactly the advertised numbers of records and sums value by category to the total', () => {
    const sum = (key: string) => truth.quarters.reduce((s: number, x: any) => s + x.records[key], 0);
    expect([sum('complaints'), sum('incidents'), sum('enforcement')]).toEqual([20_000, 4_000, 400]);
    for (const x of truth.quarters) {
      const byCat = Object.values(x.value_cny.by_category as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(Math.abs(byCat - x.value_cny.total)).toBeLessThan(10);
      const hist = Object.values(x.capture_histories as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(hist).toBe(x.operations.total);
    }
  });

  it('keeps the total value the same at every scale: more operations, smaller values', () => {
    const medium = buildPopulation(1, 'medium');
    const small = population.quarters[8]!;
    const med = medium.quarters[8]!;
    const total = (p: typeof small) => p.active.reduce((s, oq) => s + oq.value, 0);
    expect(med.active.length / small.active.length).toBeGreaterThan(8);
    expect(Math.abs(total(med) / total(small) - 1)).toBeLessThan(0.1);
  });

  it('makes enforcement more likely for operations seen in incidents: P(E|I) > 2·P(E|not I)', () => {
    const h: Record<string, number> = {};
    for (const x of truth.quarters) for (const [k, v] of Object.entries(x.capture_histories as Record<string, number>)) h[k] = (h[k] ?? 0) + v;
    const eGivenI = (h['011']! + h['111']!) / (h['010']! + h['011']! + h['110']! + h['111']!);
    const eGivenNotI = (h['001']! + h['101']!) / (h['000']! + h['001']! + h['100']! + h['101']!);
    expect(eGivenI).toBeGreaterThan(2 * eGivenNotI);
    expect(truth.capture_probabilities.realised.enforcement_given_incident).toBeCloseTo(eGivenI, 3);
  });

  it('lets operations persist across quarters', () => {
    const quartersAlive = population.ops.map((op) => Math.min(op.last, 11) - Math.max(op.birth, 0) + 1);
    const multi = quartersAlive.filter((n) => n >= 3).length;
    expect(multi / population.ops.length).toBeGreaterThan(0.3);
  });
});

describe('generate: linkage keys', () => {
  it('gives every operation its own phones, accounts and normalised name, disjoint from consumer phones; a consumer phone repeats only on ordinary complaints (about 3%)', () => {
    const owner = new Map<string, number>();
    for (const op of population.ops) {
      const keys = [`N${normaliseAgencyName(op.name.city + op.name.brand + op.name.business + '有限公司')}`, ...op.phones.map((p) => `P${p}`), ...op.accounts.map((a) => `A${a}`)];
      for (const key of new Set(keys)) {
        expect(owner.get(key), key).toBeUndefined();
        owner.set(key, op.index);
      }
    }
    const consumerPhones = new Set<string>();
    let repeats = 0;
    let ordinary = 0;
    for (const qr of quarters) {
      for (const r of qr.complaints) {
        if (r.phoneIsKey) continue;
        expect(owner.has(`P${r.phone}`)).toBe(false);
        if (!r.op) ordinary++;
        if (consumerPhones.has(r.phone)) {
          expect(r.op, r.id).toBeNull();
          repeats++;
        }
        consumerPhones.add(r.phone);
      }
    }
    expect(consumerPhones.size).toBeGreaterThan(10_000);
    expect(repeats / ordinary).toBeGreaterThan(0.02);
    expect(repeats / ordinary).toBeLessThan(0.04);
  });

  it('writes agency-name variants that all normalise to the operation’s one key', () => {
    const names = new Map<number, Set<string>>();
    const spellings = new Map<number, Set<string>>();
    for (const qr of quarters) {
      for (const r of [...qr.complaints, ...qr.incidents, ...qr.enforcement]) {
        if (!r.op || !r.agency) continue;
        (names.get(r.op.index) ?? names.set(r.op.index, new Set()).get(r.op.index)!).add(normaliseAgencyName(r.agency));
        (spellings.get(r.op.index) ?? spellings.set(r.op.index, new Set()).get(r.op.index)!).add(r.agency);
      }
    }
    for (const set of names.values()) expect(set.size).toBe(1);
    expect([...spellings.values()].some((s) => s.size >= 3)).toBe(true);
  });

  it('puts at least one key on every operation record but the keyless hidden complaints, and none on ordinary complaints', () => {
    for (const qr of quarters) {
      for (const r of [...qr.complaints, ...qr.incidents, ...qr.enforcement]) {
        const keys = (r.agency ? 1 : 0) + (r.phoneIsKey ? 1 : 0) + (r.account ? 1 : 0);
        if (r.keyless) expect(keys, r.id).toBe(0);
        else if (r.op) expect(keys, r.id).toBeGreaterThan(0);
        else expect(r.agency + r.account, r.id).toBe('');
      }
    }
  });

  it('labels the first complaint of each operation-quarter with its category, hides about 60% of the others under ordinary topics, a third of the hidden agency ones without a key', () => {
    let further = 0;
    let hidden = 0;
    let hiddenAgency = 0;
    let keyless = 0;
    for (const qr of quarters) {
      const seen = new Set<string>();
      for (const r of qr.complaints) {
        if (!r.op) {
          expect(r.topic, r.id).not.toBe('');
          expect(r.hidden || r.keyless, r.id).toBe(false);
          continue;
        }
        if (!seen.has(r.op.id)) {
          seen.add(r.op.id);
          expect(r.hidden, r.id).toBe(false);
          continue;
        }
        further++;
        if (!r.hidden) continue;
        hidden++;
        expect(r.topic, r.id).not.toBe('');
        if (r.template >= 0) hiddenAgency++;
        if (r.keyless) {
          expect(r.template, r.id).toBeGreaterThanOrEqual(0);
          keyless++;
        }
      }
    }
    expect(hidden / further).toBeGreaterThan(0.55);
    expect(hidden / further).toBeLessThan(0.65);
    expect(keyless / hiddenAgency).toBeGreaterThan(0.25);
    expect(keyless / hiddenAgency).toBeLessThan(0.35);
    const q = truth.quarters.find((x: { quarter: string }) => x.quarter === '2025Q1');
    expect(q.complaints.hidden).toBe(quarters[8]!.complaints.filter((r) => r.hidden).length);
    expect(q.complaints.hidden_keyless).toBe(quarters[8]!.complaints.filter((r) => r.keyless).length);
  });

  it('recovers operations within each quarter by connected components over name, phone and account (pairwise precision and recall ≥ 0.98), leaving out the keyless complaints and the components of ordinary complaints only', () => {
    for (const qr of quarters) {
      const records: GenRecord[] = [...qr.complaints, ...qr.incidents, ...qr.enforcement].filter((r) => !r.keyless);
      const parent = records.map((_, i) => i);
      const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
      const firstByKey = new Map<string, number>();
      records.forEach((r, i) => {
        const keys = [r.agency ? `N${normaliseAgencyName(r.agency)}` : '', r.phone ? `P${r.phone}` : '', r.account ? `A${r.account}` : ''];
        for (const key of keys) {
          if (!key) continue;
          const j = firstByKey.get(key);
          if (j === undefined) firstByKey.set(key, i);
          else parent[find(i)] = find(j);
        }
      });
      const pairs = (counts: Map<string, number>) => [...counts.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
      const count = (key: (r: GenRecord, i: number) => string) => {
        const m = new Map<string, number>();
        records.forEach((r, i) => m.set(key(r, i), (m.get(key(r, i)) ?? 0) + 1));
        return m;
      };
      const truthKey = (r: GenRecord) => r.op?.id ?? r.id;
      // The models make no operation of a component without an operation's record (a consumer
      // who complained twice): each of its records stands alone.
      const withOp = new Set(records.flatMap((r, i) => (r.op ? [find(i)] : [])));
      const component = (i: number) => (withOp.has(find(i)) ? String(find(i)) : `alone${i}`);
      const predicted = pairs(count((_, i) => component(i)));
      const actual = pairs(count(truthKey));
      const both = pairs(count((r, i) => `${component(i)}|${truthKey(r)}`));
      expect(both / predicted).toBeGreaterThanOrEqual(0.98);
      expect(both / actual).toBeGreaterThanOrEqual(0.98);
    }
  });
});

function shingles(text: string, k = 3): Set<string> {
  const t = text.normalize('NFKC').replace(/\d+/g, '0').replace(/\s+/g, '');
  const out = new Set<string>();
  for (let i = 0; i + k <= t.length; i++) out.add(t.slice(i, i + k));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('generate: narratives', () => {
  const all = () => quarters.flatMap((qr) => qr.complaints);

  it('keeps every narrative between 80 and 240 characters', () => {
    for (const qr of quarters) {
      for (const r of [...qr.complaints, ...qr.incidents, ...qr.enforcement]) {
        expect(r.narrative.length, r.id).toBeGreaterThanOrEqual(80);
        expect(r.narrative.length, r.id).toBeLessThanOrEqual(240);
      }
    }
  });

  it('makes complaints from one template near-duplicates (3-shingle Jaccard median ≥ 0.7) and different templates or ordinary complaints far apart (≤ 0.3)', () => {
    const byTemplate = new Map<number, Set<string>[]>();
    const ordinary: Set<string>[] = [];
    for (const r of all()) {
      if (r.template >= 0) {
        const list = byTemplate.get(r.template) ?? byTemplate.set(r.template, []).get(r.template)!;
        if (list.length < 40) list.push(shingles(r.narrative));
      } else if (ordinary.length < 300) {
        ordinary.push(shingles(r.narrative));
      }
    }
    expect(byTemplate.size).toBeGreaterThanOrEqual(10);
    const within: number[] = [];
    const between: number[] = [];
    const templates = [...byTemplate.values()];
    templates.forEach((list, t) => {
      for (let i = 1; i < list.length; i++) within.push(jaccard(list[0]!, list[i]!));
      for (let u = t + 1; u < templates.length; u++) between.push(jaccard(list[0]!, templates[u]![0]!));
      for (const o of ordinary.slice(0, 20)) between.push(jaccard(list[0]!, o));
    });
    expect(median(within)).toBeGreaterThanOrEqual(0.7);
    expect(within.filter((j) => j < 0.5).length / within.length).toBeLessThan(0.05);
    expect(Math.max(...between)).toBeLessThanOrEqual(0.3);
    const ordinaryPairs: number[] = [];
    for (let i = 0; i < ordinary.length; i++) for (let j = i + 1; j < ordinary.length; j++) ordinaryPairs.push(jaccard(ordinary[i]!, ordinary[j]!));
    expect(ordinaryPairs.filter((j) => j >= 0.7).length).toBe(0);
    expect(median(ordinaryPairs)).toBeLessThan(0.2);
  });

  it('puts personal data into some narratives and a few embedded line breaks', () => {
    const texts = all().map((r) => r.narrative);
    expect(texts.filter((t) => /1[3-9]\d{9}/.test(t)).length).toBeGreaterThan(100);
    expect(texts.filter((t) => /\d{17}[\dX]/.test(t)).length).toBeGreaterThan(100);
    const breaks = texts.filter((t) => t.includes('\n')).length;
    expect(breaks).toBeGreaterThanOrEqual(3);
    expect(breaks).toBeLessThan(50);
  });

  it('keeps consumer amounts in 1,000–300,000 yuan and operation amounts near the operation value', () => {
    for (const qr of quarters) {
      for (const r of qr.complaints) {
        expect(r.amount).toBeGreaterThanOrEqual(1_000);
        expect(r.amount).toBeLessThanOrEqual(300_000);
      }
    }
    const plan = population.quarters[8]!;
    const value = new Map(plan.active.map((oq) => [oq.op, oq.value]));
    const ratios = quarters[8]!.incidents.map((r) => r.amount / value.get(r.op!)!);
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.05);
  });
});
