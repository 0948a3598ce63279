/**
 * A logistic regression with an L2 (ridge) penalty, fitted by Newton's method (iteratively
 * reweighted least squares). Small on purpose: a few dozen 0/1 rule indicators and a few thousand
 * leads. The penalty shrinks the weight of a rule seen on few leads towards 0, so one lucky deal
 * does not make a rule worth 40 points; the intercept is not penalised. Deterministic: same rows,
 * same weights.
 */
export interface LogisticFit {
  intercept: number;
  /** One weight per column, in log-odds per indicator. */
  weights: number[];
}

export function fitRidgeLogistic(
  rows: ReadonlyArray<readonly number[]>,
  outcomes: readonly number[],
  lambda = 1,
  iterations = 50,
): LogisticFit {
  const columns = rows[0]?.length ?? 0;
  // Column 0 is the intercept.
  let beta = new Array<number>(columns + 1).fill(0);
  for (let step = 0; step < iterations; step += 1) {
    const gradient = new Array<number>(columns + 1).fill(0);
    const hessian = Array.from({ length: columns + 1 }, () => new Array<number>(columns + 1).fill(0));
    rows.forEach((row, index) => {
      const x = [1, ...row];
      const p = sigmoid(x.reduce((sum, value, j) => sum + value * (beta[j] as number), 0));
      const residual = (outcomes[index] as number) - p;
      const weight = p * (1 - p);
      for (let j = 0; j <= columns; j += 1) {
        const xj = x[j] as number;
        if (xj === 0) continue;
        gradient[j] = (gradient[j] as number) + residual * xj;
        const hj = hessian[j] as number[];
        for (let k = 0; k <= columns; k += 1) hj[k] = (hj[k] as number) + weight * xj * (x[k] as number);
      }
    });
    for (let j = 1; j <= columns; j += 1) {
      gradient[j] = (gradient[j] as number) - lambda * (beta[j] as number);
      const hj = hessian[j] as number[];
      hj[j] = (hj[j] as number) + lambda;
    }
    // A tiny ridge on the intercept too keeps the system solvable when every outcome is the same.
    (hessian[0] as number[])[0] = ((hessian[0] as number[])[0] as number) + 1e-9;
    const delta = solve(hessian, gradient);
    beta = beta.map((value, j) => value + (delta[j] as number));
    if (Math.max(...delta.map(Math.abs)) < 1e-8) break;
  }
  return { intercept: beta[0] as number, weights: beta.slice(1) };
}

export function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

/** Gaussian elimination with partial pivoting for the small symmetric system A·x = b. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i] as number]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < n; row += 1) {
      if (Math.abs((a[row] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number)) {
        pivot = row;
      }
    }
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const top = a[col] as number[];
    const lead = top[col] as number;
    if (Math.abs(lead) < 1e-12) continue;
    for (let row = col + 1; row < n; row += 1) {
      const current = a[row] as number[];
      const factor = (current[col] as number) / lead;
      for (let k = col; k <= n; k += 1) current[k] = (current[k] as number) - factor * (top[k] as number);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row -= 1) {
    const current = a[row] as number[];
    let sum = current[n] as number;
    for (let k = row + 1; k < n; k += 1) sum -= (current[k] as number) * (x[k] as number);
    const lead = current[row] as number;
    x[row] = Math.abs(lead) < 1e-12 ? 0 : sum / lead;
  }
  return x;
}
