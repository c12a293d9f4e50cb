// A hand-made project small enough to estimate in a second: records of the three sources linked by
// agency key (what estimate_inputs must make of them is worked out in estimate-inputs.test.ts), and
// assumptions for the multiplier method.
export type Source = 'complaints' | 'incidents' | 'enforcement';
/** (source, id, date, category, amount, agency key): records linked by their agency key. */
export type Rec = [Source, string, string, string, number | null, string];

// Operations (one agency key each) and what the model must make of them:
// 2025Q1 debt_evasion
//   a: complaint (999 disputed) + incidents 100 and 200 + enforcement 300 → history 111 (mask 7), value 200
//   b: complaint only (5,000 disputed)                                    → mask 1, no value
//   c: incident 50                                                        → mask 2, value 50
//   d: enforcement 0                                                      → mask 4, value 0: not in the list
//   e: complaint (12 disputed) + incident 25.50                           → mask 3, value 25.5
//   f: incident without an amount                                         → mask 2, no value
// 2025Q1 credit_repair: g: complaint only (8,000 disputed)                → mask 1, no value
// 2024Q4 debt_evasion:  h: incident 70 + enforcement 90                   → mask 6, value 80
export const RECORDS: Rec[] = [
  ['complaints', 'C-A', '2025-01-10', 'debt_evasion', 999, 'agency-a'],
  ['incidents', 'I-A1', '2025-01-12', 'debt_evasion', 100, 'agency-a'],
  ['incidents', 'I-A2', '2025-03-01', 'debt_evasion', 200, 'agency-a'],
  ['enforcement', 'E-A', '2025-02-01', 'debt_evasion', 300, 'agency-a'],
  ['complaints', 'C-B', '2025-01-20', 'debt_evasion', 5000, 'agency-b'],
  ['incidents', 'I-C', '2025-02-03', 'debt_evasion', 50, 'agency-c'],
  ['enforcement', 'E-D', '2025-03-15', 'debt_evasion', 0, 'agency-d'],
  ['complaints', 'C-E', '2025-02-10', 'debt_evasion', 12, 'agency-e'],
  ['incidents', 'I-E', '2025-02-11', 'debt_evasion', 25.5, 'agency-e'],
  ['incidents', 'I-F', '2025-03-20', 'debt_evasion', null, 'agency-f'],
  ['complaints', 'C-G', '2025-01-05', 'credit_repair', 8000, 'agency-g'],
  ['incidents', 'I-H', '2024-11-02', 'debt_evasion', 70, 'agency-h'],
  ['enforcement', 'E-H', '2024-12-01', 'debt_evasion', 90, 'agency-h'],
];

const TABLES: Record<Source, { id: string; date: string }> = {
  complaints: { id: 'complaint_id', date: 'received_date' },
  incidents: { id: 'incident_id', date: 'detected_date' },
  enforcement: { id: 'case_id', date: 'opened_date' },
};

export function seedSql(records: readonly Rec[]): string {
  return records
    .map(([source, id, date, category, amount, agency], i) => {
      const t = TABLES[source];
      return `INSERT INTO ${source} (${t.id}, ${t.date}, region, category, amount_cny, agency_name, agency_key, source_file, source_line, load_id)
              VALUES ('${id}', DATE '${date}', '44', '${category}', ${amount ?? 'NULL'}, '${agency}', '${agency}', 'seed.csv', ${i + 2}, 0);`;
    })
    .join('\n');
}

export const ASSUMPTIONS = `reporting_rates:
  debt_evasion: { central: 0.5, low: 0.25, high: 1 }
  credit_repair: { central: 0.5, low: 0.25, high: 1 }
  illegal_agency: { central: 0.5, low: 0.25, high: 1 }
  false_litigation: { central: 0.5, low: 0.25, high: 1 }
  money_laundering: { central: 0.5, low: 0.25, high: 1 }
  info_theft: { central: 0.5, low: 0.25, high: 1 }
  fraud_other: { central: 0.5, low: 0.25, high: 1 }
scenarios: {}
`;
