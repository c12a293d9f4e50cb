// Turns one quarter of the population plan into complaint, incident and enforcement records. Every
// record of an operation carries at least one of its keys, and within a quarter an operation's
// records are always connected through shared keys (if the random key choice leaves them apart,
// the agency name is added), so connected components over (name, phone, account) recover operations.
import { cumulative, Rng } from '../random.js';
import { DAYS, quarterDays } from './calendar.js';
import { agencyVariant, canonicalAgencyName, consumerPhone, idNumber, personName, randomCard, randomConsumerPhone } from './personal.js';
import { type Operation, type OperationQuarter, PARAMS, PROVINCE_CUM, type QuarterPlan } from './population.js';
import {
  AUTHORITIES,
  AUTHORITY_WEIGHTS,
  CATEGORIES,
  CITIES,
  COMPLAINT_CHANNEL_WEIGHTS,
  COMPLAINT_CHANNELS,
  INCIDENT_CHANNELS,
  INSTITUTIONS,
  GENERIC_TOPICS,
  ORDINARY_CATEGORY_SHARE,
  ORDINARY_TOPICS,
  SUSPECT_LABELS,
} from './reference.js';
import { caseNarrative, freeComplaint, incidentNarrative, TEMPLATES, templatedNarrative } from './text.js';

export type SourceName = 'complaints' | 'incidents' | 'enforcement';

export interface GenRecord {
  id: string;
  day: number;
  province: number;
  category: number;
  institution: string;
  channel: string;
  /** Yuan, whole. */
  amount: number;
  agency: string;
  phone: string;
  idNumber: string;
  account: string;
  narrative: string;
  authority: string;
  arrested: number;
  gangs: number;
  op: Operation | null;
  template: number;
  /** The phone column holds the operation's phone (a linkage key), not a consumer's. */
  phoneIsKey: boolean;
  /** The complaint's label as the institution wrote it, when not a taxonomy label ('' = categoryLabel). */
  topic: string;
  /** An operation's complaint filed under an ordinary topic (a hidden agency or victim complaint). */
  hidden: boolean;
  /** An operation's record that carries none of its keys on purpose (hidden, found only by template). */
  keyless: boolean;
  /** The complainant's name (complaints): the one a templated narrative names, else one of its own. */
  person: string;
}

export interface QuarterRecords {
  complaints: GenRecord[];
  incidents: GenRecord[];
  enforcement: GenRecord[];
}

const CHANNEL_CUM = cumulative(COMPLAINT_CHANNEL_WEIGHTS);
const AUTHORITY_CUM = cumulative(AUTHORITY_WEIGHTS);
const ORDINARY_CUM = cumulative(ORDINARY_CATEGORY_SHARE);
const POLICE_LIKE = new Set(['公安机关', '人民检察院', '人民法院']);

function blank(): GenRecord {
  return {
    id: '',
    day: 0,
    province: 0,
    category: 0,
    institution: '',
    channel: '',
    amount: 0,
    agency: '',
    phone: '',
    idNumber: '',
    account: '',
    narrative: '',
    authority: '',
    arrested: 0,
    gangs: 0,
    op: null,
    template: -1,
    phoneIsKey: false,
    topic: '',
    hidden: false,
    keyless: false,
    person: '',
  };
}

/** Dates uniform within the quarter, then records sorted by date (counting sort) and numbered. */
function dateAndNumber(rng: Rng, records: GenRecord[], q: number, prefix: string): GenRecord[] {
  const { first, count } = quarterDays(q);
  const buckets: GenRecord[][] = Array.from({ length: count }, () => []);
  for (const r of records) buckets[Math.floor(rng.fast() * count)]!.push(r);
  const out: GenRecord[] = [];
  buckets.forEach((bucket, i) => {
    for (const r of bucket) {
      r.day = first + i;
      out.push(r);
    }
  });
  out.forEach((r, i) => {
    r.id = `${prefix}-${String(i + 1).padStart(6, '0')}`;
  });
  return out;
}

/** A consumer's disputed amount: 1,000–300,000 yuan, right-skewed (median ≈ 20,000). */
function disputedAmount(rng: Rng): number {
  const x = rng.lognormal(Math.log(20_000), 1.0);
  return Math.round(Math.min(300_000, Math.max(1_000, x)));
}

/** An operation's record amount: its value this quarter × lognormal noise with mean 1. */
function recordAmount(rng: Rng, oq: OperationQuarter): number {
  const s = PARAMS.recordAmountSigma;
  return Math.max(1, Math.round(oq.value * rng.lognormal((-s * s) / 2, s)));
}

function region(rng: Rng, op: Operation | null): number {
  return op && rng.fast() < 0.8 ? op.province : rng.weighted(PROVINCE_CUM);
}

function eventDay(rng: Rng, day: number): number {
  return Math.max(0, day - Math.floor(rng.fast() * 60));
}

function addNewline(text: string): string {
  const at = text.indexOf('。');
  return at > 0 && at < text.length - 1 ? `${text.slice(0, at + 1)}\n${text.slice(at + 1)}` : `${text.slice(0, 40)}\n${text.slice(40)}`;
}

/** A few narratives per quarter get an embedded line break (a quoted field in CSV). */
function sprinkleNewlines(rng: Rng, records: GenRecord[], every: number): void {
  const k = Math.max(1, Math.round(records.length / every));
  for (let i = 0; i < k && records.length > 0; i++) {
    const r = records[Math.floor(rng.fast() * records.length)]!;
    if (!r.narrative.includes('\n')) r.narrative = addNewline(r.narrative);
  }
}

/** An ordinary topic for a complaint about a problem of this category: mostly the category's own, sometimes a generic one. */
function ordinaryTopic(rng: Rng, category: number): string {
  const own = ORDINARY_TOPICS[CATEGORIES[category]!.code];
  return rng.fast() < 0.25 ? rng.choice(GENERIC_TOPICS) : rng.choice(own);
}

/**
 * How an operation's complaints are labelled. The first of each operation-quarter is labelled with
 * its taxonomy category (the institution recognised it: the operation is seen by complaints, as the
 * truth's capture histories say); each further one is hidden under an ordinary topic with
 * probability HIDDEN_SHARE. A hidden agency complaint names the agency or gives its phone (so
 * linkage can find it) or, with probability HIDDEN_KEYLESS, neither: only its template gives it away.
 * Victims of the other operations always name the operation.
 */
export const HIDDEN_SHARE = 0.6;
export const HIDDEN_KEYLESS = 0.3;
/** Share of ordinary complaints from a consumer who already complained that quarter (same phone). */
export const REPEAT_COMPLAINANT_SHARE = 0.03;

function labelComplaints(rng: Rng, records: GenRecord[]): void {
  const first = new Set<Operation>();
  for (const r of records) {
    const op = r.op;
    if (!op) continue;
    if (!first.has(op)) {
      first.add(op);
      const suspect = SUSPECT_LABELS[CATEGORIES[op.category]!.code];
      if (suspect && rng.fast() < 0.3) r.topic = rng.choice(suspect);
      continue;
    }
    if (rng.fast() >= HIDDEN_SHARE) continue;
    r.hidden = true;
    r.topic = ordinaryTopic(rng, op.category);
    r.keyless = r.template >= 0 && rng.fast() < HIDDEN_KEYLESS;
  }
}

function complaints(rng: Rng, plan: QuarterPlan): GenRecord[] {
  const list: GenRecord[] = [];
  for (const oq of plan.active) {
    for (let k = 0; k < oq.complaints; k++) {
      const r = blank();
      r.op = oq.op;
      r.template = oq.op.template;
      list.push(r);
    }
  }
  for (let k = 0; k < plan.budgets.ordinary; k++) list.push(blank());
  const sorted = dateAndNumber(rng, list, plan.index, `C${plan.label}`);
  labelComplaints(rng, sorted);
  const slots: Record<string, string> = {};
  const consumerPhones: string[] = [];
  sorted.forEach((r, i) => {
    const op = r.op;
    r.province = region(rng, op);
    r.category = op ? op.category : rng.weighted(ORDINARY_CUM);
    if (!op) r.topic = ordinaryTopic(rng, r.category);
    r.institution = rng.choice(INSTITUTIONS);
    r.amount = disputedAmount(rng);
    r.phone = consumerPhone(plan.index * 2_000_000 + i);
    // A consumer who complains again in the quarter gives the same phone: two ordinary complaints
    // that share a key and must not make an operation.
    if (!op && consumerPhones.length > 0 && rng.fast() < REPEAT_COMPLAINANT_SHARE) r.phone = rng.choice(consumerPhones);
    else if (!op) consumerPhones.push(r.phone);
    r.idNumber = rng.fast() < 0.4 ? idNumber(rng, r.province) : '';
    slots.date = DAYS[eventDay(rng, r.day)]!.zh;
    slots.inst = r.institution;
    slots.amount = String(r.amount);
    slots.phone = r.phone;
    slots.idn = r.idNumber || idNumber(rng, r.province);
    if (op && r.template >= 0) {
      r.channel = rng.fast() < 0.55 ? '12378热线' : '网上投诉';
      const hasName = !r.keyless && rng.fast() < (r.hidden ? 0.5 : 0.85);
      if (hasName) r.agency = agencyVariant(rng, op.name);
      if (!r.keyless && (!hasName || rng.fast() < 0.3)) {
        r.phone = rng.choice(op.phones);
        r.phoneIsKey = true;
        slots.phone = r.phone;
      }
      slots.name = personName(rng);
      r.person = slots.name;
      r.narrative = templatedNarrative(TEMPLATES[r.template]!, slots, rng);
      return;
    }
    r.channel = COMPLAINT_CHANNELS[rng.weighted(CHANNEL_CUM)]!;
    slots.n = String(2 + Math.floor(rng.fast() * 9));
    slots.small = String(Math.round(rng.lognormal(Math.log(800), 1.1)));
    slots.age = String(55 + Math.floor(rng.fast() * 30));
    slots.city = CITIES[Math.floor(rng.fast() * CITIES.length)]![0];
    slots.date2 = `${DAYS[r.day]!.m}月${DAYS[r.day]!.d}日`;
    slots.card = randomCard(rng);
    slots.otherphone = randomConsumerPhone(rng);
    let mention: string | undefined;
    if (op) {
      // Victims of an operation name it; that name is the complaint's link to the operation.
      r.agency = agencyVariant(rng, op.name);
      mention = `对方自称是${r.agency.trim()}的工作人员。`;
    }
    r.narrative = freeComplaint(CATEGORIES[r.category]!.code, slots, rng, mention);
  });
  sprinkleNewlines(rng, sorted, 5_000);
  return sorted;
}

function expand(plan: QuarterPlan, key: 'incidents' | 'enforcement'): GenRecord[] {
  const list: GenRecord[] = [];
  for (const oq of plan.active) {
    for (let k = 0; k < oq[key]; k++) {
      const r = blank();
      r.op = oq.op;
      list.push(r);
    }
  }
  return list;
}

function incidents(rng: Rng, plan: QuarterPlan, byOp: Map<Operation, OperationQuarter>): GenRecord[] {
  const sorted = dateAndNumber(rng, expand(plan, 'incidents'), plan.index, `I${plan.label}`);
  const slots: Record<string, string> = {};
  for (const r of sorted) {
    const op = r.op!;
    r.province = region(rng, op);
    r.category = op.category;
    r.institution = rng.choice(INSTITUTIONS);
    r.channel = rng.choice(INCIDENT_CHANNELS);
    r.amount = recordAmount(rng, byOp.get(op)!);
    const u = rng.fast();
    if (u < 0.75) {
      r.phone = rng.choice(op.phones);
      r.phoneIsKey = true;
    }
    if (u >= 0.5) r.account = rng.choice(op.accounts);
    if (rng.fast() < 0.5) r.agency = agencyVariant(rng, op.name);
    slots.who = r.agency ? r.agency.trim() : rng.choice(['某团伙', '一家中介机构', '某网络账号', '多名人员']);
    slots.date = DAYS[r.day]!.zh;
    slots.inst = r.institution;
    slots.n = String(3 + Math.floor(rng.fast() * 200));
    slots.small = String(Math.round(rng.lognormal(Math.log(5_000), 1)));
    slots.otherphone = rng.choice(op.phones);
    r.narrative = incidentNarrative(CATEGORIES[op.category]!.code, slots, rng);
  }
  sprinkleNewlines(rng, sorted, 5_000);
  return sorted;
}

function enforcement(rng: Rng, plan: QuarterPlan, byOp: Map<Operation, OperationQuarter>): GenRecord[] {
  const sorted = dateAndNumber(rng, expand(plan, 'enforcement'), plan.index, `E${plan.label}`);
  const slots: Record<string, string> = {};
  for (const r of sorted) {
    const op = r.op!;
    r.province = region(rng, op);
    r.category = op.category;
    r.authority = AUTHORITIES[rng.weighted(AUTHORITY_CUM)]!;
    r.institution = rng.fast() < 0.7 ? rng.choice(INSTITUTIONS) : '';
    r.amount = recordAmount(rng, byOp.get(op)!);
    const u = rng.fast();
    if (u < 0.9) r.agency = agencyVariant(rng, op.name);
    if (u >= 0.75) r.account = rng.choice(op.accounts);
    if (POLICE_LIKE.has(r.authority)) {
      r.arrested = rng.poisson(3.5);
      r.gangs = r.arrested === 0 ? 0 : rng.binomial(3, 0.3);
    }
    slots.authority = r.authority;
    slots.date = DAYS[r.day]!.zh;
    slots.who = r.agency ? r.agency.trim() : '一犯罪团伙';
    slots.catname = CATEGORIES[op.category]!.zh;
    slots.arrested = String(r.arrested);
    slots.gangs = String(r.gangs);
    slots.wan = (r.amount / 10_000).toFixed(2);
    slots.n = String(2 + Math.floor(rng.fast() * 60));
    r.narrative = caseNarrative(CATEGORIES[op.category]!.code, slots, rng);
  }
  return sorted;
}

/** If an operation's records in the quarter do not form one component over their keys, names them all. */
function connect(all: GenRecord[]): void {
  // Keyless complaints carry no key by design: linkage cannot and should not find them.
  const records = all.some((r) => r.keyless) ? all.filter((r) => !r.keyless) : all;
  if (records.every((r) => r.agency !== '')) return;
  const keysOf = (r: GenRecord) => {
    const keys: string[] = [];
    if (r.agency) keys.push('N');
    if (r.phoneIsKey) keys.push(`P${r.phone}`);
    if (r.account) keys.push(`A${r.account}`);
    return keys;
  };
  const byKey = new Map<string, number[]>();
  records.forEach((r, i) => {
    for (const k of keysOf(r)) {
      const list = byKey.get(k);
      if (list) list.push(i);
      else byKey.set(k, [i]);
    }
  });
  const seen = new Set<number>([0]);
  const queue = [0];
  while (queue.length > 0) {
    const i = queue.pop()!;
    for (const k of keysOf(records[i]!)) {
      for (const j of byKey.get(k)!) {
        if (!seen.has(j)) {
          seen.add(j);
          queue.push(j);
        }
      }
    }
  }
  if (seen.size === records.length) return;
  for (const r of records) {
    if (!r.agency) r.agency = canonicalAgencyName(r.op!.name);
  }
}

export function quarterRecords(seed: number, plan: QuarterPlan): QuarterRecords {
  const rng = new Rng(seed).fork('records').fork(plan.label);
  const byOp = new Map(plan.active.map((oq) => [oq.op, oq]));
  const out: QuarterRecords = {
    complaints: complaints(rng.fork('complaints'), plan),
    incidents: incidents(rng.fork('incidents'), plan, byOp),
    enforcement: enforcement(rng.fork('enforcement'), plan, byOp),
  };
  const groups = new Map<Operation, GenRecord[]>();
  for (const list of [out.complaints, out.incidents, out.enforcement]) {
    for (const r of list) {
      if (!r.op) continue;
      const group = groups.get(r.op);
      if (group) group.push(r);
      else groups.set(r.op, [r]);
    }
  }
  for (const records of groups.values()) connect(records);
  return out;
}
