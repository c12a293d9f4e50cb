// The ground truth: gray-market operations that are born, live a geometric number of quarters and
// keep their linkage keys; each operation-quarter has a value and is seen (or not) by complaints,
// incidents and enforcement with known probabilities. Record budgets per quarter are fixed here so
// that every scale writes exactly its advertised number of rows.
import { cumulative, Rng } from '../random.js';
import { agencyName, type AgencyName, operationCard, operationPhone } from './personal.js';
import { CATEGORIES, PROVINCES } from './reference.js';
import { TEMPLATES } from './text.js';

export type Scale = 'small' | 'medium' | 'large';

export interface ScaleSpec {
  /** Active operations in 2025Q1 (the count grows 2.5% a quarter). */
  operations2025Q1: number;
  complaints: number;
  incidents: number;
  enforcement: number;
}

export const SCALES: Readonly<Record<Scale, ScaleSpec>> = {
  small: { operations2025Q1: 500, complaints: 20_000, incidents: 4_000, enforcement: 400 },
  medium: { operations2025Q1: 5_000, complaints: 200_000, incidents: 40_000, enforcement: 4_000 },
  large: { operations2025Q1: 25_000, complaints: 1_000_000, incidents: 200_000, enforcement: 20_000 },
};

export const QUARTERS = Array.from({ length: 12 }, (_, i) => `${2023 + Math.floor(i / 4)}Q${(i % 4) + 1}`);
export const Q2025Q1 = 8;

/** Model parameters, written to truth.json as they are. */
export const PARAMS = {
  value2025Q1: 2.8e11,
  growth2y: 1.4,
  valueNoiseSd: 0.012,
  operationGrowthPerQuarter: 0.025,
  deathPerQuarter: 0.2,
  operationValueSigma: 1.2,
  recordAmountSigma: 0.3,
  catchabilitySd: 0.3,
  enforcementGivenIncident: 0.1,
  enforcementGivenNoIncident: 0.03,
  templatedShareFirstQuarter: 0.24,
  templatedSharePerQuarter: 0.01,
  victimComplaintsPerSeenOperation: 1.6,
  recordWeightSigma: 0.8,
} as const;

export interface Operation {
  index: number;
  id: string;
  category: number;
  province: number;
  birth: number;
  /** Last quarter alive (inclusive; may lie beyond 2025Q4). */
  last: number;
  base: number;
  catchability: number;
  name: AgencyName;
  phones: string[];
  accounts: string[];
  /** Index into TEMPLATES for agency operations, -1 otherwise. */
  template: number;
}

export interface OperationQuarter {
  op: Operation;
  value: number;
  complaints: number;
  incidents: number;
  enforcement: number;
}

export interface QuarterPlan {
  index: number;
  label: string;
  active: OperationQuarter[];
  templatedTarget: number;
  budgets: { complaints: number; incidents: number; enforcement: number; templated: number; victim: number; ordinary: number };
}

export interface Population {
  ops: Operation[];
  quarters: QuarterPlan[];
  targets: number[];
}

const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Splits `total` over `weights` with largest remainders, so the parts sum to `total` exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i]!++;
  }
  return parts;
}

function makeOperation(rng: Rng, index: number, birth: number, catCum: Float64Array): Operation {
  const category = rng.weighted(catCum);
  const cat = CATEGORIES[category]!;
  const name = agencyName(index, rng.fast() < 0.7 ? 'A' : 'B');
  const nPhones = 1 + rng.binomial(2, 0.35);
  const nAccounts = 1 + rng.binomial(2, 0.4);
  const templates = TEMPLATES.map((t, i) => [t, i] as const).filter(([t]) => t.category === cat.code);
  return {
    index,
    id: `OP${String(index + 1).padStart(6, '0')}`,
    category,
    province: rng.fast() < 0.85 ? name.province : rng.weighted(PROVINCE_CUM),
    birth,
    last: birth + rng.geometric(PARAMS.deathPerQuarter) - 1,
    base: rng.lognormal(0, PARAMS.operationValueSigma) * cat.valueWeight,
    catchability: rng.normal(),
    name,
    phones: Array.from({ length: nPhones }, (_, k) => operationPhone(index * 4 + k)),
    accounts: Array.from({ length: nAccounts }, (_, k) => operationCard(index * 4 + k, rng.fast() < 0.5)),
    template: cat.agency ? rng.choice(templates)[1] : -1,
  };
}

export const PROVINCE_CUM = cumulative(PROVINCES.map((p) => p.weight));

/** Drops random `true` flags until at most `budget` remain. */
function fitBudget(rng: Rng, items: OperationQuarter[], key: 'complaints' | 'incidents' | 'enforcement', budget: number): void {
  const seen = items.filter((oq) => oq[key] > 0);
  rng.shuffle(seen);
  for (let i = budget; i < seen.length; i++) seen[i]![key] = 0;
}

/** Gives each seen operation-quarter one record, then spreads the rest by heavy-tailed weights. */
function spread(rng: Rng, items: OperationQuarter[], key: 'complaints' | 'incidents' | 'enforcement', total: number): void {
  const seen = items.filter((oq) => oq[key] > 0);
  if (seen.length === 0) return;
  const cum = cumulative(seen.map(() => rng.lognormal(0, PARAMS.recordWeightSigma)));
  for (let extra = total - seen.length; extra > 0; extra--) seen[rng.weighted(cum)]![key]++;
}

export function buildPopulation(seed: number, scale: Scale): Population {
  const spec = SCALES[scale];
  const rng = new Rng(seed).fork('population');
  const catCum = cumulative(CATEGORIES.map((c) => c.share));
  const nTarget = (q: number) => spec.operations2025Q1 * (1 + PARAMS.operationGrowthPerQuarter) ** (q - Q2025Q1);

  // Births: the stock at 2023Q1, then enough births each quarter to follow the smooth count path.
  const ops: Operation[] = [];
  for (let i = Math.round(nTarget(0)); i > 0; i--) {
    const op = makeOperation(rng, ops.length, 0, catCum);
    op.birth = 1 - rng.geometric(PARAMS.deathPerQuarter); // memoryless: an age before 2023Q1, for the record only
    ops.push(op);
  }
  for (let q = 1; q < QUARTERS.length; q++) {
    const survivors = ops.filter((op) => op.last >= q).length;
    const births = Math.max(0, Math.round(nTarget(q) * Math.exp(rng.normal(0, 0.01))) - survivors);
    for (let i = 0; i < births; i++) ops.push(makeOperation(rng, ops.length, q, catCum));
  }

  // The market's value follows 2,000亿 → 2,800亿 (2023Q1 → 2025Q1) with small noise.
  const quarterlyGrowth = PARAMS.growth2y ** (1 / 8);
  const targets = QUARTERS.map(
    (_, q) => PARAMS.value2025Q1 * quarterlyGrowth ** (q - Q2025Q1) * Math.exp(rng.normal(0, PARAMS.valueNoiseSd)),
  );
  const totalOps = QUARTERS.map((_, q) => ops.filter((op) => op.birth <= q && op.last >= q).length);
  const budgetC = apportion(spec.complaints, totalOps);
  const budgetI = apportion(spec.incidents, totalOps);
  const budgetE = apportion(spec.enforcement, totalOps);

  const quarters: QuarterPlan[] = QUARTERS.map((label, q) => {
    const qr = rng.fork(label);
    const alive = ops.filter((op) => op.birth <= q && op.last >= q);
    const rawTotal = alive.reduce((s, op) => s + op.base, 0);
    const multiplier = targets[q]! / rawTotal;
    const active: OperationQuarter[] = alive.map((op) => {
      const cat = CATEGORIES[op.category]!;
      const h = PARAMS.catchabilitySd * op.catchability;
      const c = qr.uniform() < logistic(logit(cat.pComplaint) + h);
      const i = qr.uniform() < logistic(logit(cat.pIncident) + h);
      const pE = i ? PARAMS.enforcementGivenIncident : PARAMS.enforcementGivenNoIncident;
      const e = qr.uniform() < logistic(logit(pE) + h);
      return { op, value: op.base * multiplier, complaints: c ? 1 : 0, incidents: i ? 1 : 0, enforcement: e ? 1 : 0 };
    });
    fitBudget(qr, active, 'incidents', budgetI[q]!);
    fitBudget(qr, active, 'enforcement', budgetE[q]!);
    spread(qr, active, 'incidents', budgetI[q]!);
    spread(qr, active, 'enforcement', budgetE[q]!);

    // Complaints: agency operations write templated ones; victims of the others complain about them;
    // the rest are ordinary complaints unrelated to any operation.
    const complaints = budgetC[q]!;
    const share = PARAMS.templatedShareFirstQuarter + PARAMS.templatedSharePerQuarter * q;
    const agency = active.filter((oq) => oq.complaints > 0 && oq.op.template >= 0);
    const victims = active.filter((oq) => oq.complaints > 0 && oq.op.template < 0);
    const templated = Math.max(agency.length, Math.round(share * complaints));
    const victim = Math.round(victims.length * PARAMS.victimComplaintsPerSeenOperation);
    spread(qr, agency, 'complaints', templated);
    spread(qr, victims, 'complaints', victim);
    const ordinary = complaints - templated - victim;
    if (ordinary < 0) throw new Error(`complaint budget too small in ${label}`);
    return {
      index: q,
      label,
      active,
      templatedTarget: share,
      budgets: { complaints, incidents: budgetI[q]!, enforcement: budgetE[q]!, templated, victim, ordinary },
    };
  });
  return { ops, quarters, targets };
}
