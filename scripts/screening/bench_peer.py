#!/usr/bin/env python3
"""The Aho-Corasick peer for the screening benchmark (scripts/screening/bench.sh).

Matches the raw dictionary terms (no normalisation at all) against each title, one call per
title, with ahocorasick-rs, and prints one JSON object like `warden screen-bench`: titles,
bytes (UTF-8), seconds, titlesPerSecond, megabytesPerSecond (10^6 bytes), buildSeconds,
findings. Standard library plus ahocorasick-rs only.

Usage: bench_peer.py --terms TERMS.txt --titles TITLES.txt [--rounds 3]
"""
import argparse
import json
import time

import ahocorasick_rs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--terms", required=True)
    parser.add_argument("--titles", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with open(args.terms, encoding="utf-8") as handle:
        terms = [line.strip() for line in handle if line.strip()]
    with open(args.titles, encoding="utf-8") as handle:
        titles = [line.rstrip("\n") for line in handle if line.strip()]
    started = time.perf_counter()
    matcher = ahocorasick_rs.AhoCorasick(terms)
    build = time.perf_counter() - started
    find = matcher.find_matches_as_indexes
    for title in titles:  # one untimed round, as on the Swift side
        find(title)
    findings = 0
    started = time.perf_counter()
    for _ in range(args.rounds):
        for title in titles:
            findings += len(find(title))
    seconds = time.perf_counter() - started
    count = len(titles) * args.rounds
    size = sum(len(title.encode("utf-8")) for title in titles) * args.rounds
    print(json.dumps({
        "titles": count, "bytes": size, "seconds": seconds, "titlesPerSecond": count / seconds,
        "megabytesPerSecond": size / seconds / 1e6, "buildSeconds": build, "findings": findings,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
