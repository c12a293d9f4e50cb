// Validation-rule expressions of the regulatory returns (issue 13): a hand-written tokenizer and
// recursive-descent parser for the rule language of the return templates, the list of cells a rule
// reads, and an evaluator with EBA-style interval arithmetic, so a total that differs from the sum of
// its rounded parts only by rounding still passes. The language is ours, so the parser is too.
import { GrayscopeError } from '../errors.js';

/** The column where a node starts in the expression (1-based), for messages. */
type At = { readonly at: number };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithOp = '+' | '-' | '*' | '/';
export type FunctionName = 'sum' | 'abs' | 'min' | 'max' | 'prev';

/** `{S01, r010, c010}` (from = to) or a range `{S01, r010:r090, c010}` / `{S01, r010, c010:c030}`. */
export interface RefNode extends At {
  readonly kind: 'ref';
  readonly sheet: string;
  readonly rows: readonly [from: string, to: string];
  readonly cols: readonly [from: string, to: string];
}

export type Expr =
  | (At & { readonly kind: 'number'; readonly value: number })
  | RefNode
  | (At & { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] })
  | (At & { readonly kind: 'neg'; readonly operand: Expr })
  | (At & { readonly kind: 'not'; readonly operand: Expr })
  | (At & { readonly kind: 'arith'; readonly op: ArithOp; readonly left: Expr; readonly right: Expr })
  | (At & { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr })
  | (At & { readonly kind: 'logic'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr });

/** A rule expression that does not parse: a configuration error (exit 2) naming the rule and the column. */
export class ExpressionError extends GrayscopeError {
  readonly rule: string;
  readonly column: number;
  constructor(rule: string, column: number, what: string) {
    super('config', `${rule}: ${what} at column ${column}`, {
      hint: 'Rule expressions read like `sum({S01, r010:r090, c010}) = {S01, r100, c010}`: cells {SHEET, rROW, cCOL}, ranges ROW:ROW or COL:COL, sum/abs/min/max/prev, + - * /, = != < <= > >=, and/or/not.',
      details: { rule, column },
    });
    this.name = 'ExpressionError';
    this.rule = rule;
    this.column = column;
  }
}

// ---------------------------------------------------------------- tokens

type Token =
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'name'; text: string; at: number }
  | { kind: 'punct'; text: string; at: number }
  | { kind: 'end'; text: ''; at: number };

const PUNCT = ['<=', '>=', '!=', '(', ')', '{', '}', ',', ':', '+', '-', '*', '/', '=', '<', '>'];
/** Characters an input method types in place of ASCII ones. */
const FULL_WIDTH: Record<string, string> = { '（': '(', '）': ')', '，': ',', '：': ':', '｛': '{', '｝': '}', '＝': '=', '＜': '<', '＞': '>' };

function tokenize(rule: string, text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const at = i + 1;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0], at });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at });
      i += name[0].length;
      continue;
    }
    const punct = PUNCT.find((p) => text.startsWith(p, i));
    if (punct) {
      tokens.push({ kind: 'punct', text: punct, at });
      i += punct.length;
      continue;
    }
    const ascii = FULL_WIDTH[ch];
    if (ascii) throw new ExpressionError(rule, at, `full-width '${ch}': write ASCII '${ascii}'`);
    throw new ExpressionError(rule, at, `unexpected character '${ch}'`);
  }
  tokens.push({ kind: 'end', text: '', at: text.length + 1 });
  return tokens;
}

// ---------------------------------------------------------------- parser

type Type = 'number' | 'boolean' | 'range';
const FUNCTIONS: readonly FunctionName[] = ['sum', 'abs', 'min', 'max', 'prev'];
const KEYWORDS = new Set(['and', 'or', 'not']);
const COMPARE = new Set<string>(['=', '!=', '<', '<=', '>', '>=']);

class Parser {
  private pos = 0;
  constructor(
    private readonly rule: string,
    private readonly tokens: readonly Token[],
  ) {}

  private get peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    const t = this.peek;
    if (t.kind !== 'end') this.pos++;
    return t;
  }
  private fail(token: Token, what: string): never {
    throw new ExpressionError(this.rule, token.at, what);
  }
  private describe(t: Token): string {
    return t.kind === 'end' ? 'the end of the expression' : `'${t.text}'`;
  }
  private isPunct(text: string): boolean {
    return this.peek.kind === 'punct' && this.peek.text === text;
  }
  private isName(text: string): boolean {
    return this.peek.kind === 'name' && this.peek.text === text;
  }
  private expect(text: string): Token {
    if (!this.isPunct(text)) this.fail(this.peek, `expected '${text}', found ${this.describe(this.peek)}`);
    return this.next();
  }
  private need(node: Expr, type: Type, want: Type, what: string): void {
    if (type === want) return;
    const got = type === 'range' ? 'a range' : type === 'boolean' ? 'a condition' : 'a number';
    throw new ExpressionError(this.rule, node.at, `${what}, not ${got}`);
  }

  parseRule(): Expr {
    const [node, type] = this.or();
    if (this.peek.kind !== 'end') this.fail(this.peek, `unexpected ${this.describe(this.peek)}`);
    this.need(node, type, 'boolean', 'a rule must be a condition that holds (a comparison such as a = b, joined by and/or)');
    return node;
  }

  private or(): [Expr, Type] {
    return this.chain(['or'], () => this.and());
  }

  private and(): [Expr, Type] {
    return this.chain(['and'], () => this.not());
  }

  private not(): [Expr, Type] {
    if (!this.isName('not')) return this.comparison();
    const op = this.next();
    const [operand, type] = this.not();
    this.need(operand, type, 'boolean', "'not' negates a condition");
    return [{ kind: 'not', operand, at: op.at }, 'boolean'];
  }

  private comparison(): [Expr, Type] {
    const [left, lt] = this.additive();
    if (!(this.peek.kind === 'punct' && COMPARE.has(this.peek.text))) return [left, lt];
    const op = this.next();
    const [right, rt] = this.additive();
    this.need(left, lt, 'number', `'${op.text}' compares numbers`);
    this.need(right, rt, 'number', `'${op.text}' compares numbers`);
    if (this.peek.kind === 'punct' && COMPARE.has(this.peek.text)) {
      this.fail(this.peek, `comparisons do not chain: write 'a ${op.text} b and b ${this.peek.text} c'`);
    }
    return [{ kind: 'compare', op: op.text as CompareOp, left, right, at: left.at }, 'boolean'];
  }

  private additive(): [Expr, Type] {
    return this.chain(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): [Expr, Type] {
    return this.chain(['*', '/'], () => this.unary());
  }

  /** `operand (op operand)*`: and/or join conditions, + − × ÷ take numbers; all bind left to right. */
  private chain(ops: readonly string[], operand: () => [Expr, Type]): [Expr, Type] {
    let [left, lt] = operand();
    while (this.peek.kind !== 'end' && ops.includes(this.peek.text)) {
      const op = this.next().text;
      const [right, rt] = operand();
      const logic = op === 'and' || op === 'or';
      const want: Type = logic ? 'boolean' : 'number';
      this.need(left, lt, want, logic ? `'${op}' joins conditions` : `'${op}' needs numbers`);
      this.need(right, rt, want, logic ? `'${op}' joins conditions` : `'${op}' needs numbers`);
      left = logic ? { kind: 'logic', op, left, right, at: left.at } : { kind: 'arith', op: op as ArithOp, left, right, at: left.at };
      lt = want;
    }
    return [left, lt];
  }

  private unary(): [Expr, Type] {
    if (this.isPunct('+')) {
      this.next();
      return this.unary();
    }
    if (!this.isPunct('-')) return this.primary();
    const op = this.next();
    const [operand, type] = this.unary();
    this.need(operand, type, 'number', "'-' needs a number");
    return [{ kind: 'neg', operand, at: op.at }, 'number'];
  }

  private primary(): [Expr, Type] {
    const t = this.peek;
    if (t.kind === 'number') {
      this.next();
      return [{ kind: 'number', value: t.value, at: t.at }, 'number'];
    }
    if (this.isPunct('(')) {
      this.next();
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (this.isPunct('{')) return this.reference();
    if (t.kind === 'name' && !KEYWORDS.has(t.text)) return this.call();
    return this.fail(t, `expected a number, a cell {SHEET, rROW, cCOL}, a function or '(', found ${this.describe(t)}`);
  }

  private call(): [Expr, Type] {
    const name = this.next();
    const fn = FUNCTIONS.find((f) => f === name.text);
    if (!fn) this.fail(name, `unknown function '${name.text}' (known: ${FUNCTIONS.join(', ')})`);
    this.expect('(');
    const args: [Expr, Type][] = [];
    if (!this.isPunct(')')) {
      // Arguments are numbers or ranges, never conditions: `abs(a = b` stops at '=' and says ')' is missing.
      args.push(this.additive());
      while (this.isPunct(',')) {
        this.next();
        args.push(this.additive());
      }
    }
    const close = this.expect(')');
    const arity = { sum: [1, Infinity], abs: [1, 1], min: [2, 2], max: [2, 2], prev: [1, 1] }[fn];
    if (args.length < arity[0]! || args.length > arity[1]!) {
      const want = fn === 'sum' ? 'one or more ranges' : arity[0] === 1 ? 'one argument' : 'two arguments';
      this.fail(args.length > arity[1]! ? { ...close, at: args[arity[1]!]![0].at } : close, `${fn}() takes ${want}, got ${args.length}`);
    }
    for (const [arg, type] of args) {
      if (fn === 'sum') {
        if (arg.kind !== 'ref') this.fail({ ...close, at: arg.at }, 'sum() adds cells and ranges {SHEET, r010:r090, c010}');
      } else if (fn === 'prev') {
        if (arg.kind !== 'ref' || type === 'range') this.fail({ ...close, at: arg.at }, 'prev() takes one cell {SHEET, rROW, cCOL}');
      } else {
        this.need(arg, type, 'number', `${fn}() needs numbers`);
      }
    }
    return [{ kind: 'call', fn, args: args.map(([a]) => a), at: name.at }, 'number'];
  }

  private reference(): [Expr, Type] {
    const open = this.expect('{');
    const sheet = this.code(/^[A-Za-z]\w*$/, 'a sheet code such as S01');
    this.expect(',');
    const rows = this.span('r', 'a row code such as r010');
    this.expect(',');
    const cols = this.span('c', 'a column code such as c010');
    this.expect('}');
    const isRange = rows[0] !== rows[1] || cols[0] !== cols[1];
    if (rows[0] !== rows[1] && cols[0] !== cols[1]) this.fail(open, 'a range spans rows or columns, not both');
    return [{ kind: 'ref', sheet, rows, cols, at: open.at }, isRange ? 'range' : 'number'];
  }

  private span(prefix: string, what: string): [string, string] {
    const pattern = new RegExp(`^${prefix}\\w+$`);
    const from = this.code(pattern, what);
    if (!this.isPunct(':')) return [from, from];
    this.next();
    return [from, this.code(pattern, what)];
  }

  private code(pattern: RegExp, what: string): string {
    const t = this.peek;
    if (t.kind === 'end' || !pattern.test(t.text)) this.fail(t, `expected ${what}, found ${this.describe(t)}`);
    this.next();
    return t.text;
  }
}

/** The AST of rule `rule`'s expression; throws ExpressionError ("v0010: expected ')' … at column 17"). */
export function parseExpression(rule: string, expression: string): Expr {
  return new Parser(rule, tokenize(rule, expression)).parseRule();
}

// ---------------------------------------------------------------- references

/** A cell or range a rule reads; `previous` when read through prev(). */
export interface Reference {
  readonly sheet: string;
  readonly rows: readonly [from: string, to: string];
  readonly cols: readonly [from: string, to: string];
  readonly previous: boolean;
}

/** `{S01, r010:r090, c010}`, as the rule language writes it (prev(…) around it when previous). */
export function formatReference(ref: Omit<Reference, 'previous'> & { previous?: boolean }): string {
  const span = ([from, to]: readonly [string, string]) => (from === to ? from : `${from}:${to}`);
  const text = `{${ref.sheet}, ${span(ref.rows)}, ${span(ref.cols)}}`;
  return ref.previous ? `prev(${text})` : text;
}

/** Every cell and range the expression reads, in reading order, each once. */
export function references(ast: Expr): Reference[] {
  const out = new Map<string, Reference>();
  const walk = (node: Expr, previous: boolean): void => {
    switch (node.kind) {
      case 'number':
        return;
      case 'ref': {
        const ref: Reference = { sheet: node.sheet, rows: node.rows, cols: node.cols, previous };
        out.set(formatReference(ref), ref);
        return;
      }
      case 'call':
        for (const arg of node.args) walk(arg, previous || node.fn === 'prev');
        return;
      case 'neg':
      case 'not':
        return walk(node.operand, previous);
      default:
        walk(node.left, previous);
        walk(node.right, previous);
    }
  };
  walk(ast, false);
  return [...out.values()];
}

// ---------------------------------------------------------------- evaluation

export type Interval = readonly [lo: number, hi: number];

export interface CellValue {
  /** null: the cell is empty. */
  readonly v: number | null;
  /** Decimals the value is rounded to in its unit: it stands for [v − 0.5·10^−d, v + 0.5·10^−d]. */
  readonly decimals: number;
}

export interface EvaluationContext {
  value(sheet: string, row: string, col: string): CellValue;
  /** The cell in the previous period's filed return; undefined when there is none. */
  previous(sheet: string, row: string, col: string): CellValue | undefined;
  /** Row codes from `from` to `to` inclusive, in template order. */
  rows(sheet: string, from: string, to: string): readonly string[];
  /** Column codes from `from` to `to` inclusive, in template order. */
  cols(sheet: string, from: string, to: string): readonly string[];
}

export type RuleStatus = 'pass' | 'fail' | 'not_applicable' | 'skipped';

export interface RuleResult {
  readonly status: RuleStatus;
  /** Both sides of a top-level comparison, for the message (absent when the rule is and/or/not). */
  readonly left?: Interval;
  readonly right?: Interval;
  /** Why a rule was not evaluated: the empty cell, the missing previous return, the zero divisor. */
  readonly reason?: string;
}

/** Evaluation stops: a value the rule needs is absent. */
class Abort {
  constructor(
    readonly status: 'not_applicable' | 'skipped',
    readonly reason: string,
  ) {}
}

/** The interval a value rounded to `decimals` stands for. */
export function cellInterval(v: number, decimals: number): Interval {
  const half = 0.5 * 10 ** -decimals;
  return [v - half, v + half];
}

/** Floating-point allowance in comparisons, so bounds that meet exactly on paper meet in binary too. */
const slack = (a: Interval, b: Interval) => 1e-9 * Math.max(1, Math.abs(a[0]), Math.abs(a[1]), Math.abs(b[0]), Math.abs(b[1]));

function compare(op: CompareOp, a: Interval, b: Interval): boolean {
  const e = slack(a, b);
  const overlap = a[0] <= b[1] + e && b[0] <= a[1] + e;
  switch (op) {
    case '=':
      return overlap;
    case '!=':
      return !overlap;
    case '<=':
      return a[0] <= b[1] + e;
    case '<':
      return a[0] < b[1] - e;
    case '>=':
      return a[1] + e >= b[0];
    case '>':
      return a[1] - e > b[0];
  }
}

function arith(op: ArithOp, a: Interval, b: Interval, divisor: Expr): Interval {
  switch (op) {
    case '+':
      return [a[0] + b[0], a[1] + b[1]];
    case '-':
      return [a[0] - b[1], a[1] - b[0]];
    case '*': {
      const p = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]];
      return [Math.min(...p), Math.max(...p)];
    }
    case '/':
      if (b[0] <= 0 && b[1] >= 0) {
        throw new Abort('not_applicable', `the divisor at column ${divisor.at} may be zero ([${b[0]}, ${b[1]}])`);
      }
      return arith('*', a, [1 / b[1], 1 / b[0]], divisor);
  }
}

/**
 * Evaluates a parsed rule. Values are intervals (a cell's rounding, propagated through + − × ÷,
 * abs, min, max); a comparison holds when it can hold within them: `a = b` when they overlap,
 * `a <= b` when lower(a) <= upper(b), `a != b` when they do not overlap. An empty cell makes the rule
 * not_applicable, except inside sum(), where it counts as 0; a divisor whose interval contains 0 makes
 * it not_applicable; prev() with no previous filed return makes it skipped (an empty cell in that
 * return: not_applicable). The first absent value in reading order decides.
 */
export function evaluate(ast: Expr, ctx: EvaluationContext): RuleResult {
  const cell = (node: RefNode, row: string, col: string, previous: boolean, inSum: boolean): Interval => {
    const where = formatReference({ sheet: node.sheet, rows: [row, row], cols: [col, col], previous });
    const value = previous ? ctx.previous(node.sheet, row, col) : ctx.value(node.sheet, row, col);
    if (value === undefined) throw new Abort('skipped', `no previous return for ${where}`);
    if (value.v === null) {
      if (inSum) return [0, 0];
      throw new Abort('not_applicable', `${where} is empty`);
    }
    return cellInterval(value.v, value.decimals);
  };
  const sumOf = (node: RefNode, previous: boolean): Interval => {
    let lo = 0;
    let hi = 0;
    for (const row of ctx.rows(node.sheet, node.rows[0], node.rows[1])) {
      for (const col of ctx.cols(node.sheet, node.cols[0], node.cols[1])) {
        const [l, h] = cell(node, row, col, previous, true);
        lo += l;
        hi += h;
      }
    }
    return [lo, hi];
  };
  const num = (node: Expr): Interval => {
    switch (node.kind) {
      case 'number':
        return [node.value, node.value];
      case 'ref':
        return cell(node, node.rows[0], node.cols[0], false, false);
      case 'neg': {
        const [lo, hi] = num(node.operand);
        return [-hi, -lo];
      }
      case 'arith':
        return arith(node.op, num(node.left), num(node.right), node.right);
      case 'call':
        return call(node.fn, node.args);
      default:
        throw new Error(`internal: a condition where a number was parsed (column ${node.at})`);
    }
  };
  const call = (fn: FunctionName, args: readonly Expr[]): Interval => {
    switch (fn) {
      case 'sum':
        return args.map((a) => sumOf(a as RefNode, false)).reduce((s, x) => [s[0] + x[0], s[1] + x[1]], [0, 0] as Interval);
      case 'prev': {
        const ref = args[0] as RefNode;
        return cell(ref, ref.rows[0], ref.cols[0], true, false);
      }
      case 'abs': {
        const [lo, hi] = num(args[0]!);
        if (lo >= 0) return [lo, hi];
        if (hi <= 0) return [-hi, -lo];
        return [0, Math.max(-lo, hi)];
      }
      case 'min':
      case 'max': {
        const a = num(args[0]!);
        const b = num(args[1]!);
        const pick = fn === 'min' ? Math.min : Math.max;
        return [pick(a[0], b[0]), pick(a[1], b[1])];
      }
    }
  };
  const holds = (node: Expr): boolean => {
    switch (node.kind) {
      case 'compare':
        return compare(node.op, num(node.left), num(node.right));
      case 'not':
        return !holds(node.operand);
      case 'logic': {
        // Both sides are read, so an absent value anywhere decides the status the same way each time.
        const left = holds(node.left);
        const right = holds(node.right);
        return node.op === 'and' ? left && right : left || right;
      }
      default:
        throw new Error(`internal: a number where a condition was parsed (column ${node.at})`);
    }
  };
  try {
    if (ast.kind === 'compare') {
      const left = num(ast.left);
      const right = num(ast.right);
      return { status: compare(ast.op, left, right) ? 'pass' : 'fail', left, right };
    }
    return { status: holds(ast) ? 'pass' : 'fail' };
  } catch (e) {
    if (e instanceof Abort) return { status: e.status, reason: e.reason };
    throw e;
  }
}

/** Codes from `from` to `to` inclusive in `codes` (template order); undefined when either is unknown or they are reversed. */
export function codesBetween(codes: readonly string[], from: string, to: string): string[] | undefined {
  const i = codes.indexOf(from);
  const j = codes.indexOf(to);
  if (i < 0 || j < 0 || j < i) return undefined;
  return codes.slice(i, j + 1);
}
