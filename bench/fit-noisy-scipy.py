#!/usr/bin/env python3
"""Issue 14: scipy's least_squares on the noisy pellet batch and on exampleData, from eiskit's start values.

An independent implementation (numpy model, analytic Jacobian) of the same residuals that eiskit
fits: r = (Z_exp - Z(p)) / sigma, Re and Im stacked, sigma = |Z_exp| (modulus weighting, pellet
batch) or 1 (unit weighting, exampleData). It reads what bench/fit-noisy-bench.ts exports
(spectra, eiskit's automatic start values after clamping into the bounds, the true parameters
and chi2 there, eiskit's results) and fits every spectrum with
  - MINPACK 'lm' (scipy.optimize.least_squares(method='lm'), i.e. lmder) in eiskit's internal
    variables: ln p for [0, inf) parameters, logit p for the CPE exponents in [0, 1]
    (src/reference/transform.ts); tolerances 1e-8 (scipy's default) and 1e-10 (eiskit's);
  - MINPACK 'lm' in natural units (no bounds possible);
  - 'trf' in natural units with the bounds, x_scale='jac' (the spec's bounded natural-unit run),
    and 'trf' in ln/logit variables.
It reports Jacobians (njev) and residual evaluations (nfev) per fit and how each chi2 compares
with eiskit's and with chi2 at the true parameters, in units of s^2 = chi2/nu.

Debian's python3-scipy (1.17.x here), offline:
  npm run bench:fit:noisy -- --export /tmp/noisy.json && python3 bench/fit-noisy-scipy.py /tmp/noisy.json
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.optimize import least_squares


# ---------- pellet: R0-p(R1,CPE1)-CPE2, CPE Z = 1/(Q (j w)^alpha) ----------
def pellet_z_and_dz(p, w):
    R0, R1, Q1, a1, Q2, a2 = p
    s = 1j * w
    ls = np.log(w) + 0.5j * np.pi  # ln(j w)
    s1 = np.exp(a1 * ls)
    s2 = np.exp(a2 * ls)
    zp = 1.0 / (1.0 / R1 + Q1 * s1)
    z2 = 1.0 / (Q2 * s2)
    z = R0 + zp + z2
    dz = np.empty((6, w.size), dtype=complex)
    dz[0] = 1.0
    dz[1] = zp * zp / (R1 * R1)
    dz[2] = -zp * zp * s1
    dz[3] = -zp * zp * Q1 * s1 * ls
    dz[4] = -z2 / Q2
    dz[5] = -z2 * ls
    del s
    return z, dz


# ---------- exampleData: R0-p(R1,C1)-p(R2-Wo1,C2), Wo Z = R coth(x)/x, x = sqrt(j w tau) ----------
def example_z_and_dz(p, w):
    R0, R1, C1, R2, Wr, tau, C2 = p
    jw = 1j * w
    x = np.sqrt(jw * tau)
    coth = 1.0 / np.tanh(x)
    g = coth / x
    wo = Wr * g
    dg_dx = ((1.0 - coth * coth) * x - coth) / (x * x)  # d/dx coth(x)/x = (-csch^2(x) x - coth x)/x^2, csch^2 = coth^2 - 1
    zp1 = 1.0 / (1.0 / R1 + jw * C1)
    br = R2 + wo
    zp2 = 1.0 / (1.0 / br + jw * C2)
    z = R0 + zp1 + zp2
    dz = np.empty((7, w.size), dtype=complex)
    dz[0] = 1.0
    dz[1] = zp1 * zp1 / (R1 * R1)
    dz[2] = -zp1 * zp1 * jw
    dbr = zp2 * zp2 / (br * br)
    dz[3] = dbr
    dz[4] = dbr * g
    dz[5] = dbr * Wr * dg_dx * x / (2.0 * tau)
    dz[6] = -zp2 * zp2 * jw
    return z, dz


def make_problem(model, w, zexp, sigma, lower, upper, space):
    """Residuals and Jacobian in natural units ('natural') or eiskit's ln/logit variables ('internal')."""
    lo = np.array(lower, dtype=float)
    hi = np.array([np.inf if u is None else u for u in upper], dtype=float)
    both = np.isfinite(hi)

    def to_p(u):
        if space == 'natural':
            return u
        return np.where(both, lo + (hi - lo) / (1.0 + np.exp(-u)), lo + np.exp(u))

    def to_u(p):
        if space == 'natural':
            return np.array(p, dtype=float)
        p = np.array(p, dtype=float)
        t = np.where(both, (p - lo) / np.where(both, hi - lo, 1.0), 0.5)
        return np.where(both, np.log(t / (1.0 - t)), np.log(p - lo))

    def dp_du(p):
        if space == 'natural':
            return np.ones_like(p)
        return np.where(both, (p - lo) * (hi - p) / np.where(both, hi - lo, 1.0), p - lo)

    def fun(u):
        z, _ = model(to_p(u), w)
        d = (zexp - z) / sigma
        return np.concatenate([d.real, d.imag])

    def jac(u):
        p = to_p(u)
        _, dz = model(p, w)
        j = -(dz * dp_du(p)[:, None]) / sigma  # (m, n)
        return np.concatenate([j.real, j.imag], axis=1).T

    return fun, jac, to_p, to_u


def chi2_of(model, p, w, zexp, sigma):
    z, _ = model(np.asarray(p, dtype=float), w)
    d = (zexp - z) / sigma
    return float(np.sum(d.real ** 2 + d.imag ** 2))


METHODS = [
    ("MINPACK `lm`, ln/logit variables, tol 1e-8", dict(method='lm'), 'internal', False),
    ("MINPACK `lm`, ln/logit variables, tol 1e-10", dict(method='lm', ftol=1e-10, xtol=1e-10, gtol=1e-10), 'internal', False),
    ("MINPACK `lm`, natural units (no bounds)", dict(method='lm'), 'natural', False),
    ("`trf`, ln/logit variables", dict(method='trf'), 'internal', False),
    ("`trf`, natural units, bounds, `x_scale='jac'`", dict(method='trf', x_scale='jac'), 'natural', True),
]


def run(model, w, zexp, sigma, start, lower, upper, kw, space, bounded):
    fun, jac, to_p, to_u = make_problem(model, w, zexp, sigma, lower, upper, space)
    extra = {}
    if bounded:
        extra['bounds'] = (np.array(lower, dtype=float), np.array([np.inf if u is None else u for u in upper], dtype=float))
    res = least_squares(fun, to_u(start), jac=jac, max_nfev=5000, **kw, **extra)
    p = to_p(res.x)
    return p, float(2 * res.cost), res.nfev, (res.njev if res.njev is not None else 0), res.status


def check_jacobian(model, p, w, label):
    """The analytic dZ/dp against central differences (relative step 1e-6); stops the script when one is off."""
    p = np.asarray(p, dtype=float)
    z, dz = model(p, w)
    for k in range(p.size):
        h = p[k] * 1e-6
        hi, lo = p.copy(), p.copy()
        hi[k] += h
        lo[k] -= h
        fd = (model(hi, w)[0] - model(lo, w)[0]) / (2 * h)
        err = np.max(np.abs(fd - dz[k])) / np.max(np.abs(dz[k]))
        if not err < 1e-5:
            raise SystemExit(f"{label}: analytic dZ/dp[{k}] differs from central differences by {err:.1e} (relative)")


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(np.ceil(q * len(xs))) - 1)]


def main(path):
    d = json.load(open(path))
    pe = d['pellet']
    w = 2 * np.pi * np.array(pe['freq'])
    n = w.size
    dof = 2 * n - 6
    for t in pe['truths'][:20]:
        check_jacobian(pellet_z_and_dz, t, w, 'pellet')
    specs = [np.array(s['re']) + 1j * np.array(s['im']) for s in pe['spectra']]
    # our chi2 at the truth against eiskit's (the same residuals?)
    c2t = [chi2_of(pellet_z_and_dz, t, w, z, np.abs(z)) for t, z in zip(pe['truths'], specs)]
    agree = max(abs(a - b) / b for a, b in zip(c2t, pe['chi2True']))
    eis = pe['eiskit']
    c2e = [chi2_of(pellet_z_and_dz, r['params'], w, z, np.abs(z)) for r, z in zip(eis, specs)]
    agree_e = max(abs(a - r['chi2']) / r['chi2'] for a, r in zip(c2e, eis))
    print(f"scipy {scipy.__version__}, numpy {np.__version__}; {len(specs)} noisy pellet spectra from {path}")
    print(f"chi2 of this script's model vs eiskit's: at the truth max rel. diff {agree:.1e}; at eiskit's fitted parameters {agree_e:.1e}\n")
    r0zero = [r['params'][0] < 0.05 * t[0] for r, t in zip(eis, pe['truths'])]
    r0good = [abs(r['params'][0] / t[0] - 1) < 0.2 for r, t in zip(eis, pe['truths'])]

    def by_group(js):
        a = np.mean([j for j, g in zip(js, r0zero) if g])
        b = np.mean([j for j, g in zip(js, r0good) if g])
        return f"{a:.1f} / {b:.1f}"

    ej = [r['njev'] for r in eis]
    ef = [r['nfev'] for r in eis]
    rows = [
        "| method (from eiskit's start values) | njev mean / median / p90 / max | nfev mean / median | njev mean: fits with eiskit's R0 → 0 / R0 within 20 % | χ² ≤ χ²(true) | χ² vs eiskit: lower / within / higher (1e-3·s²) | R0 < 0 | s |",
        "|---|---|---|---|---|---|---|---|",
        f"| eiskit (export) | {np.mean(ej):.1f} / {np.median(ej):.0f} / {pct(ej, .9)} / {max(ej)} | {np.mean(ef):.1f} / {np.median(ef):.0f} | "
        f"{by_group(ej)} | {sum(r['chi2'] <= t for r, t in zip(eis, pe['chi2True']))} | — | 0 | — |",
    ]
    for label, kw, space, bounded in METHODS:
        js, fs, low, same, high, reach, neg = [], [], 0, 0, 0, 0, 0
        t0 = time.perf_counter()
        for k, z in enumerate(specs):
            sigma = np.abs(z)
            try:
                p, c2, nfev, njev, _ = run(pellet_z_and_dz, w, z, sigma, pe['starts'][k], pe['lower'], pe['upper'], kw, space, bounded)
                c2 = chi2_of(pellet_z_and_dz, p, w, z, sigma)
            except (ValueError, FloatingPointError, np.linalg.LinAlgError):
                p, c2, nfev, njev = None, np.inf, 0, 0
            js.append(njev)
            fs.append(nfev)
            s2 = eis[k]['chi2'] / dof
            diff = (c2 - eis[k]['chi2']) / s2
            low += diff < -1e-3
            same += abs(diff) <= 1e-3
            high += diff > 1e-3
            reach += c2 <= pe['chi2True'][k]
            neg += p is not None and p[0] < 0
        secs = time.perf_counter() - t0
        rows.append(f"| {label} | {np.mean(js):.1f} / {np.median(js):.0f} / {pct(js, .9)} / {max(js)} | {np.mean(fs):.1f} / {np.median(fs):.0f} | "
                    f"{by_group(js)} | {reach} | {low} / {same} / {high} | {neg} | {secs:.1f} |")
    print('\n'.join(rows))
    print(f"\n(R0 → 0: eiskit's R0 below 5 % of the true value, {sum(r0zero)} fits; R0 within 20 %: {sum(r0good)} fits)")

    ex = d['exampleData']
    w = 2 * np.pi * np.array(ex['freq'])
    z = np.array(ex['re']) + 1j * np.array(ex['im'])
    one = np.ones_like(w)
    dof = 2 * w.size - 7
    e = ex['eiskit']
    check_jacobian(example_z_and_dz, ex['start'], w, 'exampleData')
    check_jacobian(example_z_and_dz, e['params'], w, 'exampleData')
    c2e = chi2_of(example_z_and_dz, e['params'], w, z, one)
    print(f"\nexampleData ({w.size} points, unit weighting, impedance.py's start); this script's χ² at eiskit's parameters vs eiskit's: rel. diff {abs(c2e - e['chi2']) / e['chi2']:.1e}\n")
    print("| method | nfev | njev | Δχ²/s² against eiskit |")
    print("|---|---|---|---|")
    print(f"| eiskit (export) | {e['nfev']} | {e['njev']} | 0 |")
    for label, kw, space, bounded in METHODS:
        p, c2, nfev, njev, _ = run(example_z_and_dz, w, z, one, ex['start'], ex['lower'], ex['upper'], kw, space, bounded)
        c2 = chi2_of(example_z_and_dz, p, w, z, one)
        print(f"| {label} | {nfev} | {njev} | {(c2 - e['chi2']) / (e['chi2'] / dof):+.1e} |")


if __name__ == '__main__':
    np.seterr(all='ignore')
    main(sys.argv[1] if len(sys.argv) > 1 else '/tmp/noisy.json')
