#!/usr/bin/env python3
"""Summarises scripts/bench.sh's reports: DIR/r<round>/<runtime>/*_benchmark_data.json.

Per operation: each round's p50 per runtime, the median of those over the rounds, and
jcri / the faster of the containerd runtimes (median of the per-round ratios). Then the figures
each run wrote (DIR/r<round>/<runtime>/figures: RSS in kB, relist in ms).

usage: bench-summary.py DIR RUNTIME...
"""
import glob
import json
import os
import statistics
import sys

NAMES = {"jcri": "jcri", "c2": "containerd 2.1.9", "c16": "containerd 1.6.20"}
FILES = ["pod", "container", "image_lifecycle", "image_listing"]


def p50(values):
    return statistics.median(values) if values else None


def read_run(path):
    """{operation: p50 ms} of one runtime's run."""
    ops = {}
    for kind in FILES:
        f = os.path.join(path, kind + "_benchmark_data.json")
        if not os.path.exists(f):
            continue
        with open(f) as fh:
            data = json.load(fh)
        names = data.get("operationsNames") or []
        for i, name in enumerate(names):
            samples = [d["operationsDurationsNs"][i] / 1e6 for d in data.get("datapoints") or []
                       if len(d.get("operationsDurationsNs") or []) > i]
            if samples:
                ops[name] = (p50(samples), len(samples))
    return ops


def read_figures(path):
    out = {}
    f = os.path.join(path, "figures")
    if os.path.exists(f):
        with open(f) as fh:
            for line in fh:
                k, _, v = line.strip().partition(" ")
                if v.isdigit():
                    out[k] = int(v)
    return out


def main():
    directory, runtimes = sys.argv[1], sys.argv[2:]
    rounds = sorted(glob.glob(os.path.join(directory, "r[0-9]*")), key=lambda p: int(os.path.basename(p)[1:]))
    runs = {rt: [read_run(os.path.join(r, rt)) for r in rounds] for rt in runtimes}
    order = []
    for rt in runtimes:
        for run in runs[rt]:
            for op in run:
                if op not in order:
                    order.append(op)
    peers = [rt for rt in runtimes if rt != "jcri"]
    header = ["op"] + [NAMES.get(rt, rt) for rt in runtimes]
    if "jcri" in runtimes and peers:
        header.append("jcri / best")
    print("critest -benchmark, p50 ms (median over %d rounds; samples per round: %s)" % (
        len(rounds), ", ".join(sorted({str(v[1]) for rt in runtimes for run in runs[rt] for v in run.values()}))))
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for op in order:
        row = [op]
        for rt in runtimes:
            vals = [run[op][0] for run in runs[rt] if op in run]
            row.append("%.1f" % p50(vals) if vals else "-")
        if "jcri" in runtimes and peers:
            ratios = []
            for i, run in enumerate(runs["jcri"]):
                best = [runs[p][i][op][0] for p in peers if i < len(runs[p]) and op in runs[p][i]]
                if op in run and best and min(best) > 0:
                    ratios.append(run[op][0] / min(best))
            row.append("%.2f" % p50(ratios) if ratios else "-")
        print("| " + " | ".join(row) + " |")
    print()
    for rt in runtimes:
        figs = {}
        for r in rounds:
            for k, v in read_figures(os.path.join(r, rt)).items():
                figs.setdefault(k, []).append(v)
        if not figs:
            continue
        parts = []
        labels = [("rss_idle_kb", "RSS idle"), ("rss_pods_kb", "RSS with pods"),
                  ("ctd_idle_kb", "containerd RSS idle"), ("ctd_pods_kb", "containerd RSS with pods")]
        for key, label in labels:
            if key in figs:
                parts.append("%s %.0f MiB" % (label, statistics.median(figs[key]) / 1024))
        if "relist_ms" in figs:
            parts.append("relist (crictl pods + ps -a + stats -a) %d ms" % statistics.median(figs["relist_ms"]))
        print("%s: %s" % (NAMES.get(rt, rt), "; ".join(parts)))


if __name__ == "__main__":
    main()
