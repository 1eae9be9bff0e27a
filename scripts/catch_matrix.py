#!/usr/bin/env python3
"""What sts-tutor catches that the other linters don't, and the reverse (issue 17).

Runs sts-tutor and its peers (kubeconform, kube-score, kubernetes-validate; kube-linter when
it can be built) on the same files, one process per tool and file, and prints:

  (a) the matrix: one row per known mistake, one column per tool, ✓ where the tool reports
      something new on the wrong file. Sources: the rule cases (tests/fixtures/rules: each
      rule's wrong case, compared with right.yaml) and the exercises' fail cases (compared
      with the exercise's solution.yaml). The comparison is what makes a practice-heavy tool
      fair: kube-score reports "no CPU limit" on every object, so only what it reports on the
      wrong file and not on the right one was caused by the mistake. For the exercises,
      `sts-tutor check` (the grader) and `sts-tutor lint` alone are separate columns: many
      of those mistakes are task-specific (partition 1 instead of 4) and only a grader can
      catch them.
  (b) every tool's findings on ../shared/realworld/, per file, grouped by what they say and
      mapped to a common mistake name (MEANINGS below);
  (c) the reverse: what a peer flags that sts-tutor does not, on every source, grouped by
      what the peer says, with counts and a verdict (MEANINGS: a real mistake we miss, a
      practice we deliberately don't enforce and why, or a false positive of the peer);
  (d) false errors: what each tool rejects in tests/fixtures/oracle/accepted-*.yaml, objects
      kube-apiserver v1.37.2 accepts (server-side dry run, strict field validation).

Python 3.11, standard library only. A peer that crashes, times out or cannot parse a file is
recorded as such, never a crash of this script. Usage (scripts/bench-compare prints it too):

  python3 scripts/catch_matrix.py --sts-tutor target/release/sts-tutor \\
      --kubeconform ~/.cache/sts-tutor/testbed/bin/kubeconform --schemas DIR \\
      --kube-score ~/.cache/sts-tutor/testbed/bin/kube-score \\
      [--kubernetes-validate VENV/bin/kubernetes-validate] [--markdown]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "tests/fixtures/rules"
ORACLE = ROOT / "tests/fixtures/oracle"
TIMEOUT = 120

# Verdicts of the reverse list.
MISS = "real mistake we miss"
PRACTICE = "practice we don't enforce"
FALSE = "false positive of the peer"
SCOPE = "outside sts-tutor's scope"
OURS = "sts-tutor flags it too (as another rule)"


@dataclass(frozen=True)
class Meaning:
    """What a peer's finding means, in sts-tutor's terms."""

    tool: str
    check: str  # kube-score: the check id; others: the class of message (see classify_*)
    summary: str | None  # a regex on the finding's summary, when one check says several things
    name: str  # the common mistake name
    rules: frozenset[str]  # sts-tutor rules that mean the same thing (empty: none)
    verdict: str  # when the peer flags it and sts-tutor does not
    why: str  # one line: the reason for the verdict

    def matches(self, tool: str, check: str, summary: str) -> bool:
        return (
            self.tool == tool
            and self.check == check
            and (self.summary is None or re.search(self.summary, summary) is not None)
        )


def m(tool, check, summary, name, rules, verdict, why):
    return Meaning(tool, check, summary, name, frozenset(rules), verdict, why)


API = {"removed-api-version", "unknown-api-version", "unknown-kind", "unchecked-kind"}
READ = {"yaml-syntax", "input-limit", "input-encoding", "duplicate-key", "no-objects"}

# The mapping table: every kind of finding a peer reports, the sts-tutor rules that mean the
# same, and the verdict for where the peer flags it and sts-tutor does not. First match wins.
MEANINGS = [
    # kube-score v1.20.0 (`kube-score list`): check id, then the comment's summary.
    m("kube-score", "could not parse", r"couldn't get version/kind", "could not parse",
      set(), FALSE, "kubectl and the API server accept the file (JSON-like flow style); "
      "kube-score's document splitter does not, and scores nothing in it"),
    m("kube-score", "could not parse", r"yaml:", "not valid YAML", READ, OURS,
      "kube-score refuses the whole run; sts-tutor reports the line and goes on"),
    m("kube-score", "could not parse", r"cannot unmarshal", "wrong type", {"field-type"}, OURS,
      "its Go decoder refuses the file"),
    m("kube-score", "could not parse", r"quantities must match", "bad quantity",
      {"resource-quantity"}, OURS, "its Go decoder refuses the file"),
    m("kube-score", "could not parse", r"label selector operator", "bad selector operator",
      {"selector-expression"}, OURS, "it refuses the file"),
    m("kube-score", "could not parse", None, "could not parse", READ | {"field-type"}, OURS,
      "it refuses the file"),
    m("kube-score", "statefulset-pod-selector-labels-match-template-metadata-labels", None,
      "selector does not match the template's labels",
      {"selector-matches-labels", "selector-required"}, MISS, "the API server rejects it"),
    m("kube-score", "statefulset-has-servicename", None,
      "serviceName names no headless Service",
      {"headless-service", "ip-address", "service-name-format", "external-name",
       "service-spec"}, PRACTICE,
      "kube-score wants the headless Service in the same run of files; sts-tutor's "
      "headless-service does too, but skips a StatefulSet on a removed API (it is an error "
      "already) and one with no serviceName (optional since 1.32)"),
    m("kube-score", "stable-version", None, "deprecated or removed API version",
      {"removed-api-version"}, OURS, "sts-tutor says removed, with the replacement"),
    m("kube-score", "environment-variable-key-duplication", None, "env var set twice",
      {"env-name"}, MISS, "server-side apply refuses it"),
    m("kube-score", "label-values", None, "invalid label value", {"label-syntax"}, MISS,
      "the API server rejects it"),
    m("kube-score", "statefulset-has-poddisruptionbudget", None, "no PodDisruptionBudget",
      {"pod-disruption-budget"}, PRACTICE,
      "sts-tutor asks for one only with 2+ replicas and not for a removed API (a budget on "
      "one replica either blocks drains or protects nothing)"),
    m("kube-score", "statefulset-has-host-podantiaffinity", None, "no anti-affinity by node",
      {"pod-anti-affinity"}, PRACTICE,
      "sts-tutor asks only with 2+ replicas, and accepts topologySpreadConstraints by node"),
    m("kube-score", "pod-probes", r"readinessProbe", "no readinessProbe", {"readiness-probe"},
      PRACTICE, "sts-tutor asks only where a Service targets the Pods (kube-score's own logic "
      "for Services, which it does not apply across files)"),
    m("kube-score", "pod-probes", r"livenessProbe", "no livenessProbe", set(), PRACTICE,
      "a liveness probe restarts a slow database in a loop; Kubernetes' docs advise against a "
      "default one, so sts-tutor teaches readiness and leaves liveness to the workload"),
    m("kube-score", "pod-probes-identical", None, "readiness and liveness probe identical",
      {"probes-identical"}, PRACTICE, "sts-tutor's probes-identical lets through the pattern "
      "Kubernetes' docs recommend: the same check with a larger failureThreshold or timeout for "
      "liveness, which kube-score counts as identical"),
    m("kube-score", "container-resources", r"(CPU|Memory) request", "no cpu/memory request",
      {"resource-requests"}, PRACTICE, "sts-tutor asks it of app and sidecar containers only: "
      "an init container that runs to completion is scheduled within the Pod's requests"),
    m("kube-score", "container-resources", r"CPU limit", "no CPU limit", set(), PRACTICE,
      "contested: a CPU limit throttles a database under load; many operators set requests "
      "only"),
    m("kube-score", "container-resources", r"Memory limit", "no memory limit", set(), PRACTICE,
      "a sound practice (the lessons teach it), not a rule: its absence is no mistake of the "
      "StatefulSet"),
    m("kube-score", "container-image-tag", None, "image without tag or :latest",
      {"image-tag", "container-image"}, PRACTICE,
      "same rule; sts-tutor does not repeat it on a StatefulSet it already rejects"),
    m("kube-score", "container-image-pull-policy", None, "imagePullPolicy not Always", set(),
      PRACTICE, "contested: with a pinned tag or digest IfNotPresent is right, and Always "
      "makes every restart of a database Pod depend on the registry"),
    m("kube-score", "container-ephemeral-storage-request-and-limit", None,
      "no ephemeral-storage request/limit", set(), PRACTICE,
      "data lives on the claim; scratch space limits are a cluster policy"),
    m("kube-score", "container-security-context-user-group-id", r"no configured security",
      "no securityContext", set(), PRACTICE,
      "hardening, a Pod Security Admission concern, not a StatefulSet mistake"),
    m("kube-score", "container-security-context-user-group-id", r"low (user|group) ID",
      "runs as a low UID/GID", {"security-context"}, PRACTICE,
      "hardening (kube-score wants >10000); a negative ID is an error in sts-tutor"),
    m("kube-score", "container-security-context-readonlyrootfilesystem", None,
      "writable root filesystem", set(), PRACTICE, "hardening, not a StatefulSet mistake"),
    m("kube-score", "container-security-context-privileged", None, "privileged container",
      {"privileged-container"}, PRACTICE, "sts-tutor notes, not warns, a privileged init "
      "container that sets a node-level sysctl (Elasticsearch's vm.max_map_count), the documented "
      "way; an annotation with a reason silences it"),
    m("kube-score", "container-seccomp-profile", None, "no seccomp profile", set(), PRACTICE,
      "hardening"),
    m("kube-score", "pod-networkpolicy", None, "no NetworkPolicy", set(), PRACTICE,
      "a cluster policy, usually in another repository"),
    m("kube-score", "service-targets-pod", None, "Service selects no Pod",
      {"service-selects-pods", "headless-service"}, SCOPE, "sts-tutor skips, and says why, a "
      "Service in files that make no Pods or hold a custom resource whose operator may make them, "
      "and matches the labels controllers add (statefulset.kubernetes.io/pod-name)"),
    m("kube-score", "service-type", None, "NodePort Service", {"service-spec"}, PRACTICE,
      "a choice of exposure, not a mistake"),
    m("kube-score", "poddisruptionbudget-has-policy", None, "PDB without a policy",
      {"pdb-policy", "pdb-spec"}, MISS, "with neither minAvailable nor maxUnavailable the "
      "disruption controller keeps disruptionsAllowed at 0 (seen on the testbed): every eviction "
      "is refused and drains never finish"),
    m("kube-score", "pod-topology-spread-constraints", None, "topology spread constraint",
      set(), PRACTICE, "kube-score's comment on a constraint it finds invalid"),
    m("kube-score", "deployment-has-poddisruptionbudget", None, "Deployment without PDB", set(),
      SCOPE, "sts-tutor reviews StatefulSets and what they depend on"),
    m("kube-score", "deployment-has-host-podantiaffinity", None, "Deployment anti-affinity",
      set(), SCOPE, "sts-tutor reviews StatefulSets and what they depend on"),
    m("kube-score", "deployment-pod-selector-labels-match-template-metadata-labels", None,
      "Deployment selector does not match", {"selector-matches-labels"}, SCOPE,
      "sts-tutor checks a Deployment's schema, not its semantics"),
    m("kube-score", "deployment-replicas", None, "Deployment with one replica", set(), SCOPE,
      "sts-tutor reviews StatefulSets"),
    m("kube-score", "deployment-strategy", None, "Deployment strategy", set(), SCOPE,
      "sts-tutor reviews StatefulSets"),
    # kubeconform v0.8.0 (-strict, standalone strict schemas of Kubernetes 1.37.2).
    m("kubeconform", "could not parse", r"already set in map", "duplicate key",
      {"duplicate-key"}, OURS, "it stops at the first"),
    m("kubeconform", "could not parse", None, "not valid YAML", READ, OURS,
      "it refuses the file"),
    m("kubeconform", "no apiVersion or kind", None, "not a Kubernetes object", {"object-type"},
      OURS, ""),
    m("kubeconform", "could not find schema", None, "removed or unknown API", API, OURS,
      "kubeconform cannot say removed, unknown or custom"),
    m("kubeconform", "additional property", None, "unknown field", {"unknown-field"}, OURS, ""),
    m("kubeconform", "wrong type", None, "wrong type", {"field-type"}, OURS, ""),
    m("kubeconform", "missing property", None, "missing required field", {"required-field"},
      OURS, ""),
    m("kubeconform", "oneOf", None, "null quantity", {"field-type", "resource-quantity"}, FALSE,
      "a null quantity is accepted by the API server (it is dropped); the schema's oneOf of "
      "nullable string and nullable number matches null twice"),
    m("kubeconform", "const", None, "claim template apiVersion/kind", set(), FALSE,
      "the API server ignores apiVersion and kind of a volumeClaimTemplate; the schema fixes "
      "them to v1 / PersistentVolumeClaim"),
    m("kubeconform", "schema", None, "other schema violation",
      {"unknown-field", "field-type", "required-field"}, MISS, "look at it"),
    # kubernetes-validate (PyPI; --strict, schemas of Kubernetes 1.37).
    m("kubernetes-validate", "could not parse", None, "not valid YAML", READ, OURS,
      "it refuses the file"),
    m("kubernetes-validate", "no apiVersion or kind", None, "not a Kubernetes object",
      {"object-type"}, OURS, ""),
    m("kubernetes-validate", "could not find schema", None, "removed or unknown API", API, OURS,
      "a warning only (exit 0): kubernetes-validate passes a removed API"),
    m("kubernetes-validate", "additional property", None, "unknown field", {"unknown-field"},
      OURS, ""),
    m("kubernetes-validate", "wrong type", None, "wrong type", {"field-type"}, OURS, ""),
    m("kubernetes-validate", "missing property", None, "missing required field",
      {"required-field"}, OURS, ""),
    m("kubernetes-validate", "oneOf", None, "null quantity", {"field-type", "resource-quantity"},
      FALSE, "a null quantity is accepted by the API server (it is dropped)"),
    m("kubernetes-validate", "const", None, "claim template apiVersion/kind", set(), FALSE,
      "the API server ignores apiVersion and kind of a volumeClaimTemplate"),
    m("kubernetes-validate", "schema", None, "other schema violation",
      {"unknown-field", "field-type", "required-field"}, MISS, "look at it"),
]

UNMAPPED = Meaning("", "", None, "", frozenset(), "no verdict yet", "add it to MEANINGS")


def meaning(tool: str, check: str, summary: str) -> Meaning:
    for entry in MEANINGS:
        if entry.matches(tool, check, summary):
            return entry
    return Meaning(tool, check, None, f"{check}: {summary}", frozenset(), UNMAPPED.verdict,
                   UNMAPPED.why)


# ---------------------------------------------------------------------------------------------
# Findings and the tools


@dataclass(frozen=True)
class Finding:
    check: str  # sts-tutor: the rule; kube-score: the check id; others: the class of message
    summary: str  # what it says, without object names where the tool allows
    kind: str  # the object's kind, lower-case ("" for the file)
    error: bool  # the tool says the object is invalid (not a practice finding)

    def key(self):
        return (self.kind, self.check, self.summary)


@dataclass
class Result:
    """One tool on one file."""

    findings: list[Finding] = field(default_factory=list)
    refused: str | None = None  # the file could not be parsed (the message)
    crashed: str | None = None  # the tool failed (exit status, timeout, unreadable output)

    def keys(self) -> Counter:
        return Counter(f.key() for f in self.findings)


def run(cmd: list[str]) -> subprocess.CompletedProcess | str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                              timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"timed out after {TIMEOUT} s"
    except OSError as e:
        return str(e)


class Tool:
    name = ""
    version = ""

    def __init__(self, path: str | None, why_missing: str):
        self.path = path
        self.missing = None
        if not path:
            self.missing = why_missing
        elif not os.access(path, os.X_OK):
            self.missing = f"not found: {path}"

    def lint(self, file: Path) -> Result:
        raise NotImplementedError


class StsTutor(Tool):
    name = "sts-tutor"
    _object_rules: set[str] | None = None

    def object_rules(self) -> set[str]:
        """The rules that say the API server refuses the object: those of the families
        "Reading the manifest" and "What the API server rejects" in `lint --help`. An error
        of a later family (match-label-keys, name-length) is an object the server accepts
        whose Pods then fail, so it is no claim that the object is invalid."""
        if self._object_rules is None:
            p = run([self.path, "lint", "--help"])
            rules, family = set(), None
            for line in ("" if isinstance(p, str) else p.stdout).splitlines():
                if re.fullmatch(r"  \S.*:", line):
                    family = line.strip()
                elif family in ("Reading the manifest:", "What the API server rejects:"):
                    found = re.match(r"    ([a-z0-9-]+) ", line)
                    if found:
                        rules.add(found.group(1))
            if not rules:
                raise SystemExit("sts-tutor lint --help lists no rules of the API families")
            self._object_rules = rules
        return self._object_rules

    def lint(self, file: Path) -> Result:
        p = run([self.path, "lint", "--format", "json", str(file)])
        if isinstance(p, str) or p.returncode not in (0, 1):
            return Result(crashed=p if isinstance(p, str) else f"exit {p.returncode}: "
                          f"{p.stderr.strip()[:200]}")
        try:
            report = json.loads(p.stdout)["files"][0]
        except (ValueError, KeyError, IndexError) as e:
            return Result(crashed=f"unreadable output: {e}")
        findings = [
            Finding(d["rule"], d["rule"], (d.get("object") or "").split("/")[0].lower(),
                    d["severity"] == "error" and d["rule"] in self.object_rules())
            for d in report["diagnostics"]
        ]
        return Result(findings)

    def check(self, exercise: str, file: Path) -> tuple[bool | None, list[str], str]:
        """(passed, failed check ids, problem): passed is None when check could not run."""
        p = run([self.path, "check", exercise, str(file), "--format", "json"])
        if isinstance(p, str) or p.returncode not in (0, 1):
            return None, [], p if isinstance(p, str) else p.stderr.strip()[:200]
        try:
            report = json.loads(p.stdout)
        except ValueError as e:
            return None, [], f"unreadable output: {e}"
        return report["passed"], [c["id"] for c in report["checks"] if not c["passed"]], ""


def classify_schema_message(message: str) -> str:
    """The class of a JSON-schema validation message (kubeconform and kubernetes-validate)."""
    text = message.lower()
    if "additional propert" in text:
        return "additional property"
    if "missing propert" in text or "is a required property" in text:
        return "missing property"
    if "oneof" in text or "is valid under each of" in text:
        return "oneOf"
    if "value must be" in text or "is not one of" in text:
        return "const"
    if re.search(r"got \w+, want|is not of type", text):
        return "wrong type"
    return "schema"


class Kubeconform(Tool):
    name = "kubeconform"

    def __init__(self, path, why_missing, schemas: str | None):
        super().__init__(path, why_missing)
        self.schemas = schemas
        if not self.missing and not (schemas and Path(schemas).is_dir()):
            self.missing = f"no schema directory (--schemas): {schemas}"

    def lint(self, file: Path) -> Result:
        location = f"{self.schemas}/{{{{.ResourceKind}}}}{{{{.KindSuffix}}}}.json"
        p = run([self.path, "-strict", "-output", "json", "-schema-location", location,
                 str(file)])
        if isinstance(p, str):
            return Result(crashed=p)
        try:
            resources = json.loads(p.stdout)["resources"]
        except (ValueError, KeyError) as e:
            return Result(crashed=f"exit {p.returncode}, unreadable output ({e}): "
                          f"{(p.stdout + p.stderr).strip()[:200]}")
        result = Result()
        for r in resources:
            status, msg, kind = r.get("status"), r.get("msg", ""), r.get("kind", "").lower()
            if status not in ("statusInvalid", "statusError"):
                continue
            if "error unmarshalling resource" in msg or "error converting YAML" in msg:
                result.refused = msg.replace("error unmarshalling resource: ", "")
                continue
            if re.search(r"missing '(kind|apiVersion)' key", msg):
                result.findings.append(Finding("no apiVersion or kind", msg, kind, True))
                continue
            if msg.startswith("could not find schema"):
                result.findings.append(Finding("could not find schema", msg, kind, True))
                continue
            msg = re.sub(r"^problem validating schema\. Check JSON formatting: ", "", msg)
            msg = re.sub(r"jsonschema validation failed with '[^']*'\s*", "", msg)
            for part in re.split(r"\s*- (?=at ')", msg):
                part = part.strip(" -")
                if part:
                    result.findings.append(
                        Finding(classify_schema_message(part), part, kind, True))
        return result


class KubernetesValidate(Tool):
    name = "kubernetes-validate"

    def __init__(self, path, why_missing, version: str):
        super().__init__(path, why_missing)
        self.k8s = version

    def lint(self, file: Path) -> Result:
        p = run([self.path, "--strict", "--kubernetes-version", self.k8s, "--quiet", str(file)])
        if isinstance(p, str):
            return Result(crashed=p)
        out = (p.stdout + p.stderr).strip()
        result = Result()
        if out.startswith("Couldn't parse YAML"):
            result.refused = out.split(": ", 1)[-1].splitlines()[0]
            return result
        for line in out.splitlines():
            level, _, rest = line.partition(" ")
            if level not in ("ERROR", "WARN"):
                continue
            rest = rest.removeprefix(str(file)).strip()
            kind = ""
            if found := re.search(r"resource (\w+)/", rest):
                kind = found.group(1).lower()
            if found := re.search(r"kind (\w+) with api version", rest):
                kind = found.group(1).lower()
            if "Couldn't find schema" in rest:
                result.findings.append(Finding("could not find schema", rest, kind, False))
            elif "could not be validated" in rest:
                result.findings.append(Finding("no apiVersion or kind", rest, kind, True))
            else:
                what = re.sub(r"^did not validate for resource \S+ against version [\d.]+: ",
                              "", rest)
                result.findings.append(Finding(classify_schema_message(what), what, kind,
                                               level == "ERROR"))
        if p.returncode not in (0, 1) and not result.findings:
            result.crashed = f"exit {p.returncode}: {out[:200]}"
        return result


# kube-score checks that say an object is invalid (the rest are practices).
KUBE_SCORE_VALIDITY = {"label-values"}


class KubeScore(Tool):
    name = "kube-score"

    def lint(self, file: Path) -> Result:
        p = run([self.path, "score", "-o", "json", str(file)])
        if isinstance(p, str):
            return Result(crashed=p)
        try:
            objects = json.loads(p.stdout)
        except ValueError:
            message = (p.stdout + p.stderr).strip()
            if message.startswith("Failed to score files"):
                message = re.sub(r"^Failed to score files: (failed to parse files: )?", "",
                                 message)
                return Result(refused=message.splitlines()[0])
            return Result(crashed=f"exit {p.returncode}: {message[:200]}")
        result = Result()
        for obj in objects or []:
            kind = obj.get("type_meta", {}).get("kind", "").lower()
            for check in obj.get("checks") or []:
                # Grades: 1 critical, 5 warning, 7 almost OK, 10 all OK.
                if check.get("skipped") or check.get("grade", 10) >= 10:
                    continue
                cid = check["check"]["id"]
                for comment in check.get("comments") or [{}]:
                    result.findings.append(Finding(cid, comment.get("summary", ""), kind,
                                                   cid in KUBE_SCORE_VALIDITY))
        return result


class NotBuilt(Tool):
    name = "kube-linter"

    def lint(self, file: Path) -> Result:
        raise AssertionError("never run")


def go_module_version(module_dir: str, module: str) -> str:
    try:
        text = (ROOT / "testbed" / module_dir / "go.mod").read_text()
    except OSError:
        return "?"
    found = re.search(rf"^\s*{re.escape(module)} (v\S+)", text, re.M)
    return found.group(1) if found else "?"


# ---------------------------------------------------------------------------------------------
# The sources


@dataclass
class Case:
    source: str  # "rule cases" | "exercise fail cases"
    mistake: str  # the row's name
    ident: str  # unique: rule-NN, peer-NN or exercise/file
    wrong: Path
    right: Path
    expected: str = ""  # the rule, or the check ids the exercise header names
    exercise: str = ""


def rule_cases(tmp: Path) -> tuple[list[Case], Path]:
    right_text = (RULES / "right.yaml").read_text()
    right = tmp / "right.yaml"
    right.write_text(right_text)
    cases = []
    for n, c in enumerate(tomllib.loads((RULES / "cases.toml").read_text())["case"]):
        if "from" in c:
            if c["from"] not in right_text:
                raise SystemExit(f"cases.toml: {c['rule']}: right.yaml lacks {c['from']!r}")
            data = right_text.replace(c["from"], c["to"], 1).encode()
        elif "append" in c:
            data = f"{right_text}---\n{c['append']}".encode()
        elif "text" in c:
            data = (c["text"] * c.get("repeat", 1)).encode()
        else:
            data = (RULES / c["file"]).read_bytes()
        wrong = tmp / f"rule-{n:02d}-{c['rule']}.yaml"
        wrong.write_bytes(data)
        cases.append(Case("rule cases", c["mistake"], f"rule-{n:02d}", wrong, right, c["rule"]))
    return cases, right


# Mistakes a peer has a check for, written like the rule cases (an edit of right.yaml or a
# document appended to it): the rule cases only break sts-tutor's own rules.
PEER_CASES = [
    ("kube-score service-targets-pod", "a second Service selects no Pod", {"append": """\
apiVersion: v1
kind: Service
metadata:
  name: db-read
spec:
  selector:
    app: mysql
  ports:
  - port: 3306
"""}),
    ("kube-score poddisruptionbudget-has-policy", "PDB without minAvailable or maxUnavailable",
     {"from": "  maxUnavailable: 1\n", "to": ""}),
    ("kube-score environment-variable-key-duplication", "env var set twice",
     {"from": "        env:\n", "to": "        env:\n        - {name: TZ, value: UTC}\n"
      "        - {name: TZ, value: CET}\n"}),
    ("kube-score pod-probes-identical", "readiness and liveness probe identical",
     {"from": "        readinessProbe:\n          tcpSocket: {port: 3306}\n",
      "to": "        readinessProbe:\n          tcpSocket: {port: 3306}\n"
      "        livenessProbe:\n          tcpSocket: {port: 3306}\n"}),
    ("kube-score label-values", "template label value too long",
     {"from": "      labels:\n        app: db\n",
      "to": "      labels:\n        app: db\n        tier: " + "x" * 64 + "\n"}),
]


def peer_cases(tmp: Path, right: Path) -> list[Case]:
    right_text = right.read_text()
    cases = []
    for n, (check, mistake, how) in enumerate(PEER_CASES):
        if "from" in how:
            assert how["from"] in right_text, check
            text = right_text.replace(how["from"], how["to"], 1)
        else:
            text = f"{right_text}---\n{how['append']}"
        wrong = tmp / f"peer-{n:02d}.yaml"
        wrong.write_text(text)
        cases.append(Case("peer checks", mistake, f"peer-{n:02d}", wrong, right, check))
    return cases


def manifest_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(errors="replace").splitlines()
            if not line.lstrip().startswith("#")]


def exercise_cases() -> list[Case]:
    """Each fail case, with the right answer (the solution or a pass case) closest to it.

    The fail cases are written by hand, many in a shorter style than the solution (flow
    mappings, no probe, no requests, the Service left out): comparing them with the closest
    right answer, line by line, keeps differences of style out of the comparison.
    """
    cases = []
    for solution in sorted(ROOT.glob("exercises/*/solution.yaml")):
        exercise = solution.parent.name
        rights = [solution] + sorted(solution.parent.glob("tests/pass-*.y*ml"))
        for wrong in sorted(solution.parent.glob("tests/fail-*.y*ml")):
            lines = wrong.read_text(errors="replace").splitlines() + ["", ""]
            expected = lines[0].removeprefix("# fails:").strip()
            said = lines[1].removeprefix("#").strip() if lines[1].startswith("#") else ""
            name = wrong.stem.removeprefix("fail-").replace("-", " ")
            mistake = f"{exercise}: {name}" + (f" ({said})" if said else "")
            text = manifest_lines(wrong)
            right = max(rights, key=lambda r: difflib.SequenceMatcher(
                None, text, manifest_lines(r)).ratio())
            cases.append(Case("exercise fail cases", mistake, f"{exercise}/{wrong.name}",
                              wrong, right, expected, exercise))
    return cases


# Findings of a missing practice (no probe, no requests, no Service, no budget...): on an
# exercise fail case they come from its short style unless its header names that mistake.
OMISSIONS = {"headless-service", "readiness-probe", "resource-requests",
             "pod-disruption-budget", "pod-anti-affinity"}
# The exercises' check ids that name one of those mistakes.
CHECKS_NAMING = {
    "headless-service": {"headless-service"},
    "service-name": {"headless-service"},
    "service-selects-pods": {"headless-service"},
    "readiness-probe": {"readiness-probe"},
    "resource-requests": {"resource-requests"},
    "anti-affinity": {"pod-anti-affinity"},
    "pdb-selects-pods": {"pod-disruption-budget"},
    "pdb-max-unavailable": {"pod-disruption-budget"},
}


def is_omission(tool: str, f: Finding, named: set[str]) -> bool:
    if tool == "sts-tutor":
        rules = {f.check}
        return f.check in OMISSIONS and not rules & named
    mean = meaning(tool, f.check, f.summary)
    if mean.rules & OMISSIONS:
        return not mean.rules & named
    return not mean.rules and mean.verdict in (PRACTICE, FALSE)


# ---------------------------------------------------------------------------------------------
# Running


class Runs:
    """Every (tool, file) once, in parallel."""

    def __init__(self, tools: list[Tool], jobs: int):
        self.tools = [t for t in tools if not t.missing]
        self.jobs = jobs
        self.results: dict[tuple[str, Path], Result] = {}

    def ensure(self, files: list[Path]):
        todo = [(t, f) for f in dict.fromkeys(files) for t in self.tools
                if (t.name, f) not in self.results]
        with concurrent.futures.ThreadPoolExecutor(self.jobs) as pool:
            futures = {pool.submit(self.safe_lint, t, f): (t.name, f) for t, f in todo}
            for future in concurrent.futures.as_completed(futures):
                self.results[futures[future]] = future.result()

    @staticmethod
    def safe_lint(tool: Tool, file: Path) -> Result:
        try:
            return tool.lint(file)
        except Exception as e:  # a bug in an adapter: record it, keep going
            return Result(crashed=f"adapter error: {e!r}")

    def __getitem__(self, key) -> Result:
        return self.results[key]


@dataclass
class Cell:
    caught: bool | None  # None: could not tell (tool missing, crashed)
    text: str
    new: list[Finding] = field(default_factory=list)
    refused: bool = False
    discounted: int = 0  # practice findings of an exercise case's short style


def discount(cell: Cell, tool: str, named: set[str]) -> Cell:
    """Drops the findings of a missing practice that the case does not name."""
    if not cell.new:
        return cell
    kept = [f for f in cell.new if not is_omission(tool, f, named)]
    if len(kept) == len(cell.new):
        return cell
    gone = len(cell.new) - len(kept)
    if not kept:
        return Cell(False, "–", discounted=gone)
    return Cell(True, ", ".join(dict.fromkeys(f.check for f in kept)), kept, discounted=gone)


def differential(wrong: Result, right: Result) -> Cell:
    """What the tool reports on the wrong file and not on the right one."""
    if wrong.crashed:
        return Cell(None, f"crashed: {wrong.crashed}")
    if right.crashed:
        return Cell(None, f"crashed on the right file: {right.crashed}")
    if wrong.refused and not right.refused:
        return Cell(True, f"could not parse: {wrong.refused}", refused=True)
    if right.refused:
        return Cell(None, f"could not parse the right file: {right.refused}")
    excess = wrong.keys() - right.keys()
    new = []
    for f in wrong.findings:
        if excess[f.key()] > 0:
            excess[f.key()] -= 1
            new.append(f)
    if not new:
        return Cell(False, "–")
    return Cell(True, ", ".join(dict.fromkeys(f.check for f in new)), new)


# ---------------------------------------------------------------------------------------------
# Reports


def table(headers: list[str], rows: list[list[str]], markdown: bool) -> str:
    rows = [[str(c).replace("\n", " ") for c in r] for r in rows]
    if markdown:
        esc = [[c.replace("|", "\\|") for c in r] for r in rows]
        out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        out += ["| " + " | ".join(r) + " |" for r in esc]
        return "\n".join(out)
    widths = [min(60, max(len(h), *(len(r[i]) for r in rows)) if rows else len(h))
              for i, h in enumerate(headers)]
    rule = ["-" * w for w in widths]
    widths[-1] = 10_000  # the last column is never cut

    def fmt(r):
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w)
                         for c, w in zip(r, widths)).rstrip()

    return "\n".join([fmt(headers), fmt(rule)] + [fmt(r) for r in rows])


def short(text: str, n: int = 48) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def c_is_exercise(source: str) -> bool:
    return source == "exercise fail cases"


def main() -> int:
    cache = Path(os.environ.get("STS_TESTBED_CACHE")
                 or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                 / "sts-tutor/testbed") / "bin"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sts-tutor", default=str(ROOT / "target/release/sts-tutor"))
    parser.add_argument("--kubeconform", default=str(cache / "kubeconform"))
    parser.add_argument("--schemas", help="kubeconform's schema directory: standalone strict "
                        "JSON schemas of Kubernetes 1.37.2 ({kind}-{group}-{version}.json)")
    parser.add_argument("--kube-score", default=str(cache / "kube-score"))
    parser.add_argument("--kubernetes-validate", help="the kubernetes-validate executable")
    parser.add_argument("--kubernetes-version", default="1.37",
                        help="kubernetes-validate's --kubernetes-version (default 1.37)")
    parser.add_argument("--kube-linter", help="(no adapter yet: see the column's note)")
    parser.add_argument("--realworld", default=str(ROOT.parent / "shared/realworld"))
    parser.add_argument("--markdown", action="store_true", help="Markdown tables")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--dump", metavar="FILE",
                        help="also write every tool's raw findings per file as JSON")
    args = parser.parse_args()

    sts = StsTutor(args.sts_tutor, "not given (--sts-tutor)")
    if sts.missing:
        print(f"catch_matrix: sts-tutor {sts.missing}", file=sys.stderr)
        return 2
    kc = Kubeconform(args.kubeconform, "not given (--kubeconform)", args.schemas)
    kc.version = go_module_version("kubeconform", "github.com/yannh/kubeconform")
    ks = KubeScore(args.kube_score, "not given (--kube-score)")
    ks.version = go_module_version("kube-score", "github.com/zegl/kube-score")
    kv = KubernetesValidate(args.kubernetes_validate,
                            "not given (--kubernetes-validate: pip install kubernetes-validate)",
                            args.kubernetes_version)
    if not kv.missing:
        p = run([kv.path, "--version"])
        kv.version = p.stdout.strip() if not isinstance(p, str) else "?"
        kv.version += f", --kubernetes-version {args.kubernetes_version}"
    kl = NotBuilt(None, "not built: module not served here (the Go module proxy answers 403 "
                  "for golang.stackrox.io/kube-linter and github.com/stackrox/kube-linter)")
    if args.kube_linter:
        kl.missing = "given, but this script has no kube-linter adapter yet"
    p = run([sts.path, "--version"])
    sts.version = p.stdout.strip().removeprefix("sts-tutor ") if not isinstance(p, str) else "?"
    peers = [kc, ks, kv, kl]
    tools = [sts] + peers
    md = args.markdown
    out = []

    def say(text=""):
        out.append(text)

    def heading(text):
        say()
        say(f"### {text}" if md else f"{text}\n{'=' * len(text)}")
        say()

    with tempfile.TemporaryDirectory(prefix="catch-matrix-") as tmpdir:
        tmp = Path(tmpdir)
        cases, right = rule_cases(tmp)
        cases += peer_cases(tmp, right)
        cases += exercise_cases()
        assert len({c.ident for c in cases}) == len(cases), "two cases share an id"
        realworld = sorted(p for p in Path(args.realworld).glob("*.y*ml")) \
            if Path(args.realworld).is_dir() else []
        accepted = sorted(ORACLE.glob("accepted-*.yaml"))
        runs = Runs(tools, args.jobs)
        runs.ensure([c.wrong for c in cases] + [c.right for c in cases] + realworld + accepted)
        checks = {}
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = {pool.submit(sts.check, c.exercise, c.wrong): c.ident
                       for c in cases if c.exercise}
            for future in concurrent.futures.as_completed(futures):
                checks[futures[future]] = future.result()

        if args.dump:
            Path(args.dump).write_text(json.dumps([
                {"tool": tool, "file": str(f.relative_to(tmp)) if f.is_relative_to(tmp) else str(f),
                 "refused": r.refused, "crashed": r.crashed,
                 "findings": [vars(x) for x in r.findings]}
                for (tool, f), r in sorted(runs.results.items(), key=lambda kv: (str(kv[0][1]), kv[0][0]))
            ], indent=1))

        say(f"Tools: sts-tutor {sts.version}; " + "; ".join(
            f"{t.name} {t.version or ''}".strip() + (f" ({t.missing})" if t.missing else "")
            for t in peers) + ".")
        if not kc.missing:
            say(f"kubeconform schemas: {kc.schemas}")
        counts = Counter(c.source for c in cases)
        say(f"Date: {datetime.date.today().isoformat()}. Sources: "
            + ", ".join(f"{n} {source}" for source, n in counts.items())
            + f", {len(realworld)} real-world files, {len(accepted)} accepted-by-the-server "
            "files.")

        # (a) the matrix
        columns = ["sts-tutor check", "sts-tutor lint"] + [t.name for t in peers]
        cells: dict[tuple[str, str], Cell] = {}
        for c in cases:
            for t in tools:
                if t.missing:
                    cells[c.ident, t.name] = Cell(None, "n/a")
                    continue
                cell = differential(runs[t.name, c.wrong], runs[t.name, c.right])
                if c.exercise:
                    named = set().union(*(CHECKS_NAMING.get(x.strip(), set())
                                          for x in c.expected.split(",")))
                    cell = discount(cell, t.name, named)
                if t is sts and cell.caught and c.source == "rule cases":
                    rules = [f.check for f in cell.new]
                    first = [c.expected] if c.expected in rules else []
                    cell.text = ", ".join(dict.fromkeys(first + rules))
                cells[c.ident, "sts-tutor lint" if t is sts else t.name] = cell
            if c.exercise:
                passed, failed, problem = checks[c.ident]
                if passed is None:
                    cells[c.ident, "sts-tutor check"] = Cell(None, f"could not run: {problem}")
                else:
                    cells[c.ident, "sts-tutor check"] = Cell(not passed, ", ".join(failed) or "–")
            else:
                cells[c.ident, "sts-tutor check"] = Cell(None, "")

        def mark(cell: Cell) -> str:
            if cell.caught is None:
                return cell.text or ""
            if not cell.caught:
                return "–"
            return "✓ " + short(cell.text, 60)

        for source in ("rule cases", "peer checks", "exercise fail cases"):
            these = [c for c in cases if c.source == source]
            cols = columns if c_is_exercise(source) else columns[1:]
            heading(f"(a) The matrix: {source} (✓ = reported something new on the wrong file)")
            rows = [[c.mistake] + [mark(cells[c.ident, col]) for col in cols] for c in these]
            if c_is_exercise(source):
                cols = ["compared with"] + cols
                for c, row in zip(these, rows):
                    row.insert(1, c.right.stem)
            totals = ["total caught"] + ([""] if c_is_exercise(source) else [])
            for col in cols[len(totals) - 1:]:
                known = [cells[c.ident, col] for c in these if cells[c.ident, col].caught is not None]
                got = sum(1 for x in known if x.caught)
                totals.append(f"{got} / {len(these)}" if known else "n/a")
            rows.append(totals)
            say(table(["mistake"] + cols, rows, md))
            if c_is_exercise(source):
                odd = [c for c in these if cells[c.ident, "sts-tutor check"].caught is not None
                       and not set(x.strip() for x in c.expected.split(","))
                       <= set(cells[c.ident, "sts-tutor check"].text.split(", "))]
                if odd:
                    say()
                    say("Fail cases where a check their header names did not fail:")
                    for c in odd:
                        say(f"- {c.ident}: header {c.expected!r}, check "
                            f"{cells[c.ident, 'sts-tutor check'].text!r}")
            discounted = Counter()
            for c in these:
                for col in columns:
                    discounted[col] += cells[c.ident, col].discounted
            if sum(discounted.values()):
                say()
                say("Each fail case is compared with the closest right answer (the solution or "
                    "a pass case, line by line). Findings of a missing practice (no "
                    "readinessProbe, requests, limits, Service, PodDisruptionBudget, "
                    "anti-affinity...) that the case's header does not name come from its "
                    "short style, not from its mistake, and are not counted: "
                    + ", ".join(f"{k} {v}" for k, v in discounted.items() if v) + ".")
            refused = Counter(t.name for c in these for t in peers
                              if cells[c.ident, t.name].refused)
            if refused:
                say()
                say("✓ from a refusal (\"could not parse\": the tool rejects the whole file) "
                    "counts as caught: " + ", ".join(f"{k} {v}" for k, v in refused.items()) + ".")

        # (b) the real-world files
        heading("(b) Real-world files: every tool's findings, grouped by what they say "
                "(→ the sts-tutor rules that mean the same)")
        rows = []
        for f in realworld:
            first = True
            for t in tools:
                if t.missing:
                    continue
                r = runs[t.name, f]
                if r.crashed or r.refused:
                    said = f"{'crashed' if r.crashed else 'could not parse'}: " \
                           f"{short(r.crashed or r.refused or '', 90)}"
                else:
                    ours = {x.check for x in runs[sts.name, f].findings}
                    groups: dict[str, list] = {}
                    for x in r.findings:
                        if t is sts:
                            name, rules = x.check, ""
                        else:
                            mean = meaning(t.name, x.check, x.summary)
                            rules = "/".join(sorted(mean.rules & ours)) or "*"
                            name = mean.name
                        groups.setdefault(name, [0, rules])[0] += 1
                    said = "; ".join(
                        f"{name}{f' ×{n}' if n > 1 else ''}"
                        + ("" if not rules else " *" if rules == "*" else f" → {rules}")
                        for name, (n, rules) in sorted(groups.items())) or "nothing"
                rows.append([f.name if first else "", t.name, said])
                first = False
        say(table(["file", "tool", "says"], rows, md))
        say()
        say("→ the sts-tutor rule that reports the same on the file; * sts-tutor reports "
            "nothing of that meaning on the file (see the reverse list).")

        # (c) the reverse
        heading("(c) The reverse: what a peer flags that sts-tutor does not")
        missed_by_lint: list[tuple[Case, str, Cell]] = []
        reverse: dict[tuple[str, Meaning], Counter] = defaultdict(Counter)
        example: dict[tuple[str, Meaning], str] = {}
        for t in peers:
            if t.missing:
                continue
            for c in cases:
                ours, theirs = cells[c.ident, "sts-tutor lint"], cells[c.ident, t.name]
                if theirs.caught and not ours.caught:
                    missed_by_lint.append((c, t.name, theirs))
            for source, files in (("real-world", realworld), ("accepted", accepted)):
                for f in files:
                    r, ours = runs[t.name, f], runs[sts.name, f]
                    our_rules = {x.check for x in ours.findings}
                    # sts-tutor reviews an object on a removed API no further: it is an error.
                    removed = {x.kind for x in ours.findings if x.check == "removed-api-version"}
                    found = list(r.findings)
                    if r.refused:
                        found.append(Finding("could not parse", r.refused, "", True))
                    for x in found:
                        mean = meaning(t.name, x.check, x.summary)
                        if mean.rules & our_rules:
                            continue
                        where = f"{source}, on a removed API" if x.kind in removed else source
                        reverse[t.name, mean][where] += 1
                        example.setdefault((t.name, mean), f"{f.name}: {x.summary}")
        order = [MISS, UNMAPPED.verdict, FALSE, PRACTICE, SCOPE, OURS]
        rows_files = []
        for (tool, mean), counts in sorted(
                reverse.items(), key=lambda kv: (order.index(kv[0][1].verdict)
                                                 if kv[0][1].verdict in order else 9,
                                                 kv[0][0], -sum(kv[1].values()))):
            where = ", ".join(f"{n} {s}" for s, n in counts.items())
            rows_files.append([tool, mean.name, where, mean.verdict,
                         mean.why + (f" (e.g. {short(example[tool, mean], 90)})"
                                     if mean.verdict in (MISS, UNMAPPED.verdict) else "")])
        say("Known mistakes (the cases of (a)) that a peer catches and `sts-tutor lint` does "
            "not: each is a mistake lint misses, whatever the peer's check is for; "
            "`sts-tutor check` is the grader, which knows the task.")
        say()
        rows = [[c.mistake, tool, short(cell.text, 70), mark(cells[c.ident, "sts-tutor check"])
                 if c.exercise else "n/a"] for c, tool, cell in missed_by_lint]
        say(table(["mistake", "peer", "peer says", "sts-tutor check"], rows, md)
            if rows else "None.")
        say()
        say("On the real-world and accepted files, findings with no sts-tutor finding of the "
            "same meaning on the same file, grouped by what the peer says, with a verdict "
            "(MEANINGS in this script):")
        say()
        say(table(["peer", "says", "findings sts-tutor has no rule for", "verdict", "why"],
                  rows_files, md))

        # (d) false errors on what the API server accepts
        clean = [f for f in realworld if not runs[sts.name, f].crashed
                 and not any(x.error for x in runs[sts.name, f].findings)]
        heading("(d) Errors on what kube-apiserver v1.37.2 accepts")
        say("tests/fixtures/oracle/accepted-*.yaml: objects the server accepts (server-side dry "
            f"run, strict field validation); and the {len(clean)} real-world files sts-tutor "
            "finds no error in (tests/oracle_lint.rs shows the server agrees with lint on "
            "them). A peer's error there is a false error. sts-tutor's errors count when they "
            "say the server refuses the object (the rules of \"Reading the manifest\" and \"What "
            "the API server rejects\"): match-label-keys, for one, is an error on an object the "
            "server accepts and whose every Pod it then refuses.")
        say()
        rows = []
        for t in tools:
            if t.missing:
                rows.append([t.name, "n/a", "n/a", t.missing])
                continue
            counts, detail = [], []
            for files in (accepted, clean):
                n = 0
                for f in files:
                    r = runs[t.name, f]
                    errors = [x for x in r.findings if x.error]
                    if r.refused:
                        errors.append(Finding("could not parse", r.refused, "", True))
                    if r.crashed:
                        errors.append(Finding("crashed", r.crashed, "", True))
                    n += len(errors)
                    detail += [f"{f.name}: {short(x.summary, 110)}" for x in errors]
                counts.append(str(n))
            rows.append([t.name, *counts, "; ".join(detail) or "none"])
        say(table(["tool", "accepted-*.yaml", "real-world", "what"], rows, md))

    print("\n".join(out).strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
