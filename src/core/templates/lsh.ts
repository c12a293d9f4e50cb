// LSH banding: a signature of b·r values cut into b bands of r rows; two documents become a
// candidate pair when all r values of some band agree, with probability 1 − (1 − J^r)^b (the
// S-curve). We choose the most selective (largest r) banding whose recall at the threshold J still
// reaches the target, so that false candidates (which cost an exact check each) are fewest.

export interface Banding {
  bands: number;
  rows: number;
  /** Probability that a pair at exactly the threshold becomes a candidate. */
  recall_at_threshold: number;
}

/** P(candidate) of a pair with Jaccard `j` under b bands of r rows. */
export function sCurve(j: number, bands: number, rows: number): number {
  return 1 - (1 - j ** rows) ** bands;
}

export function chooseBanding(hashes: number, threshold: number, targetRecall = 0.95): Banding {
  let best: Banding = { bands: hashes, rows: 1, recall_at_threshold: sCurve(threshold, hashes, 1) };
  for (let rows = 1; rows <= hashes; rows++) {
    const bands = Math.floor(hashes / rows);
    const recall = sCurve(threshold, bands, rows);
    if (recall >= targetRecall) best = { bands, rows, recall_at_threshold: recall };
  }
  return best;
}
