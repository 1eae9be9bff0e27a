"""The speed half of scripts/bench-compare: every tool on the same corpora, in one run.

Objects per CPU-second is the figure that compares tools fairly on a shared machine: wall time
depends on how many cores a tool uses (kubeconform validates on four workers by default) and on
what else runs; the CPU time of the process (user + system, from wait4) does not. Wall time is
printed beside it. Each whole-corpus run is the best of three (kubernetes-validate, which takes
minutes, runs once); single-file latency is the median of many runs of the whole process.
"""

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Callable

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REALWORLD = os.path.join(os.path.dirname(ROOT), "shared", "realworld")
# The single-file case: an exercise's right answer, a StatefulSet and its headless Service.
ONE_EXERCISE = "headless-service-fix"
ONE_FILE = os.path.join(ROOT, "exercises", ONE_EXERCISE, "solution.yaml")


@dataclass
class Tool:
    name: str
    # argv for a list of files (a whole corpus or one file)
    argv: Callable[[list], list]
    # argv of the process doing nothing: the floor under its single-file latency
    floor: list
    # the whole-corpus runs: 3 (best of), or 1 for a tool that takes minutes
    rounds: int = 3
    single_runs: int = 50


def tools(args):
    found = [
        Tool(
            "sts-tutor lint",
            lambda files: [args.sts_tutor, "lint", *files],
            [args.sts_tutor, "--version"],
        )
    ]
    if args.kubeconform:
        location = os.path.join(args.schemas, "{{.ResourceKind}}{{.KindSuffix}}.json")
        found.append(
            Tool(
                "kubeconform -strict",
                lambda files: [args.kubeconform, "-strict", "-summary", "-schema-location", location, *files],
                [args.kubeconform, "-v"],
            )
        )
    if args.kube_score:
        found.append(
            Tool(
                "kube-score score",
                lambda files: [args.kube_score, "score", "-o", "ci", *files],
                [args.kube_score, "version"],
            )
        )
    if args.kubernetes_validate:
        found.append(
            Tool(
                "kubernetes-validate --strict",
                lambda files: [args.kubernetes_validate, "--strict", "--kubernetes-version", "1.37", *files],
                [args.kubernetes_validate, "--version"],
                rounds=1,
                single_runs=5,
            )
        )
    return found


def run(argv):
    """(wall seconds, CPU seconds, exit status) of one whole process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def objects_in(path):
    """Documents with a kind, as every tool counts objects; a file PyYAML cannot read counts 0."""
    try:
        with open(path, encoding="utf-8") as f:
            return sum(1 for doc in yaml.safe_load_all(f) if isinstance(doc, dict) and "kind" in doc)
    except yaml.YAMLError:
        return 0


@dataclass
class Corpus:
    name: str
    # (copy, the source it was copied from)
    files: list

    def objects(self, counts, left_out=frozenset()):
        return sum(counts[source] for _, source in self.files if source not in left_out)


def build_corpora(documents, work, counts):
    # The course corpus of the engine benchmark: apps/v1 real-world manifests (kubernetes-validate
    # knows no removed versions) and the course's right answers, copied until there are enough.
    course = [
        f
        for f in sorted(glob.glob(os.path.join(REALWORLD, "*.y*ml")))
        + sorted(glob.glob(os.path.join(ROOT, "exercises", "*", "solution.yaml")))
        + sorted(glob.glob(os.path.join(ROOT, "exercises", "*", "tests", "pass-*.yaml")))
        if "v1beta1" not in open(f, encoding="utf-8").read()
    ]
    # Every real-world manifest, removed API versions included, copied to about 3,000 files.
    realworld = sorted(glob.glob(os.path.join(REALWORLD, "*.y*ml")))
    for f in course + realworld:
        counts.setdefault(f, objects_in(f))
    enough_documents = lambda files: sum(counts[s] for _, s in files) >= documents
    return [
        copies(f"{documents:,}-document corpus", course, os.path.join(work, "course"), counts, enough_documents),
        copies("real-world copies", realworld, os.path.join(work, "realworld"), counts, lambda files: len(files) >= 3000),
    ]


def copies(name, sources, folder, counts, enough):
    os.makedirs(folder)
    files = []
    while not enough(files):
        for source in sources:
            target = os.path.join(folder, f"{len(files)}.yaml")
            shutil.copyfile(source, target)
            files.append((target, source))
            if enough(files):
                break
    return Corpus(name, files)


def unreadable(tool, sources):
    """The sources a tool cannot run on at all. kube-score abandons a whole run on one file it
    cannot parse, so such files are left out of its runs (and the table says so) rather than
    sinking them; exit status 1 only means problems were found."""
    left_out = set()
    for source in sources:
        result = subprocess.run(tool.argv([source]), capture_output=True, text=True)
        if result.returncode not in (0, 1) or "Failed to parse" in result.stdout + result.stderr:
            left_out.add(source)
    return left_out


def speed_table(corpora, found, counts):
    """{corpus name: {tool name: objects per CPU-second}}"""
    rates = {}
    print("Speed: every tool on the same corpus (objects per CPU-second; the best of 3 runs)")
    for corpus in corpora:
        sources = sorted({s for _, s in corpus.files})
        print(f"\n{corpus.name}: {len(corpus.files):,} files, {corpus.objects(counts):,} objects")
        print(f"  {'tool':<30} {'objects/CPU-s':>14} {'CPU s':>8} {'wall s':>8}   sts-tutor is")
        rates[corpus.name] = {}
        for tool in found:
            left_out = unreadable(tool, sources)
            files = [f for f, s in corpus.files if s not in left_out]
            objects = corpus.objects(counts, left_out)
            wall, cpu, _ = min((run(tool.argv(files)) for _ in range(tool.rounds)), key=lambda r: r[1])
            rate = objects / cpu
            rates[corpus.name][tool.name] = rate
            ours = rates[corpus.name][found[0].name]
            ratio = "" if tool is found[0] else f"{ours / rate:.1f}x as fast"
            note = f"   ({len(left_out)} of {len(sources)} sources it cannot parse left out)" if left_out else ""
            label = tool.name if tool.rounds == 3 else f"{tool.name} (1 run)"
            print(f"  {label:<30} {rate:>14,.0f} {cpu:>8.2f} {wall:>8.2f}   {ratio}{note}")
    return rates


def median_ms(argv, runs):
    return statistics.median(run(argv)[0] for _ in range(runs)) * 1000


def latency_table(args, found):
    """{row name: (one file ms, floor ms)}"""
    print(f"\nSingle-file latency: whole process, wall, median ({os.path.relpath(ONE_FILE, ROOT)})")
    print(f"  {'tool':<30} {'one file ms':>12} {'floor ms':>9} {'÷ floor':>8}   runs, floor")
    rows = [("sts-tutor check", [args.sts_tutor, "check", ONE_EXERCISE, ONE_FILE], [args.sts_tutor, "--version"], 50)]
    rows += [(t.name, t.argv([ONE_FILE]), t.floor, t.single_runs) for t in found]
    results = {}
    for name, argv, floor, runs in rows:
        for _ in range(3):  # warm the page cache
            run(argv)
            run(floor)
        one, base = median_ms(argv, runs), median_ms(floor, runs)
        results[name] = (one, base)
        floor_text = " ".join([os.path.basename(floor[0]), *floor[1:]])
        print(f"  {name:<30} {one:>12.1f} {base:>9.1f} {one / base:>7.1f}x   {runs}, {floor_text}")
    return results


def targets(rates, corpora, latency):
    print("\nTargets")
    lint, kubeconform = "sts-tutor lint", "kubeconform -strict"
    realworld = corpora[1].name
    ours = rates[realworld][lint]
    lines = [(f"lint >= 10,000 objects/CPU-s on the {realworld}", ours >= 10_000, f"{ours:,.0f}")]
    for corpus in corpora:
        if kubeconform in rates[corpus.name]:
            ratio = rates[corpus.name][lint] / rates[corpus.name][kubeconform]
            lines.append((f"lint >= 3x kubeconform's objects/CPU-s, {corpus.name}", ratio >= 3, f"{ratio:.1f}x"))
    check, floor = latency["sts-tutor check"]
    lines.append(("check of one answer <= 2x the process floor", check <= 2 * floor, f"{check / floor:.1f}x ({check:.1f} vs {floor:.1f} ms)"))
    for text, met, figure in lines:
        print(f"  {'met    ' if met else 'NOT MET'}  {text}: {figure}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sts-tutor", required=True)
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--work", required=True, help="a scratch folder for the corpora")
    parser.add_argument("--kubeconform")
    parser.add_argument("--schemas")
    parser.add_argument("--kube-score")
    parser.add_argument("--kubernetes-validate")
    args = parser.parse_args()
    found = tools(args)
    counts = {}
    corpora = build_corpora(args.documents, args.work, counts)
    rates = speed_table(corpora, found, counts)
    latency = latency_table(args, found)
    targets(rates, corpora, latency)


if __name__ == "__main__":
    sys.exit(main())
