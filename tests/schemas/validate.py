#!/usr/bin/env python3
"""Validates a SARIF log or a JUnit XML report the way a CI system will read it.

  validate.py sarif FILE [--artifact-root DIR]
      FILE against the SARIF 2.1.0 JSON schema (sarif-schema-2.1.0.json, beside this script),
      then the rules the schema cannot express: every result names a rule of its run's driver by
      ruleId, ruleIndex points at that same rule, rule ids are unique, regions are well-formed
      (startLine >= 1, end not before start), a result that is not a failure has level "none".
      With --artifact-root, every relative artifactLocation.uri must name a file under DIR and
      each region must lie inside that file's lines.
  validate.py junit FILE
      FILE against junit.xsd (beside this script) with xmllint, then the counts the schema cannot
      check: tests, failures, errors and skipped of every testsuite (and of testsuites) equal the
      number of testcase, failure, error and skipped elements under it; no suite holds two test
      cases with the same classname and name (reporters would merge them).

Exit status: 0 valid; 1 invalid, one reason per line on stdout, each with the JSON pointer or
the line it is about; 2 the check could not run (python3-jsonschema or xmllint missing, a schema
that does not load): a CI run must install them (scripts/install-deps.sh), never skip.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import xml.parsers.expat

HERE = os.path.dirname(os.path.abspath(__file__))
SARIF_SCHEMA = os.path.join(HERE, "sarif-schema-2.1.0.json")
JUNIT_SCHEMA = os.path.join(HERE, "junit.xsd")

VALID, INVALID, CANNOT_RUN = 0, 1, 2


class CannotRun(Exception):
    """The validation could not be carried out; the message says what to install or fix."""


def pointer(path):
    """A JSON pointer (RFC 6901) for a sequence of keys and indexes."""
    if not path:
        return "/"
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


# --- SARIF -----------------------------------------------------------------------------------

# RFC 3986 appendix B splits any string into URI parts; the character checks below then reject
# what no URI may contain (spaces, backslashes, stray '%', non-ASCII).
URI_PARTS = re.compile(r"^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$")
URI_CHARS = re.compile(r"^([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*$")
# RFC 3339 date-time, which SARIF requires for its *TimeUtc properties.
DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def is_uri_reference(value):
    if not isinstance(value, str):
        return True  # the type keyword reports non-strings
    match = URI_PARTS.match(value)
    if not URI_CHARS.match(value) or not match:
        return False
    return match.group(2) is None or bool(SCHEME.match(match.group(2)))


def is_absolute_uri(value):
    if not isinstance(value, str):
        return True
    match = URI_PARTS.match(value)
    return is_uri_reference(value) and match.group(2) is not None


def is_date_time(value):
    return not isinstance(value, str) or bool(DATE_TIME.match(value))


def load_sarif_validator():
    try:
        import jsonschema
        import jsonschema.validators
    except ImportError as e:
        raise CannotRun(
            f"python module jsonschema is not available to {sys.executable} ({e}); install "
            "python3-jsonschema (apt-get install python3-jsonschema, or scripts/install-deps.sh)")
    try:
        with open(SARIF_SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        raise CannotRun(f"{SARIF_SCHEMA}: cannot load the SARIF schema: {e}")
    if "2.1.0" not in schema.get("title", ""):
        raise CannotRun(f"{SARIF_SCHEMA}: title {schema.get('title')!r} is not SARIF 2.1.0")
    # The draft follows the schema's own "$schema" (draft-04 for the OASIS errata01 file).
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        raise CannotRun(f"{SARIF_SCHEMA}: not a valid {cls.__name__} schema: {e.message}")
    # Formats are checked here rather than by jsonschema's optional extras (rfc3987, ...), so the
    # verdict does not depend on which extras a machine happens to have.
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("uri")(is_absolute_uri)
    checker.checks("uri-reference")(is_uri_reference)
    checker.checks("date-time")(is_date_time)
    return cls(schema, format_checker=checker)


def schema_reasons(validator, log):
    reasons = []
    errors = sorted(validator.iter_errors(log),
                    key=lambda e: [str(p) for p in e.absolute_path])
    for e in errors:
        text = f"{pointer(list(e.absolute_path))}: {e.message}"
        # anyOf/oneOf failures only say "not valid under any of the given schemas": add why.
        details = sorted({f"{pointer(list(c.absolute_path))}: {c.message}" for c in e.context})
        if details:
            text += " [" + "; ".join(details) + "]"
        reasons.append(text + f" (schema keyword {e.validator!r})")
    return reasons


def physical_locations(node, path):
    """Yields (path, physicalLocation) for every physicalLocation object under node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "physicalLocation" and isinstance(value, dict):
                yield path + [key], value
            yield from physical_locations(value, path + [key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from physical_locations(value, path + [i])


def int_or_none(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def column_count(line, column_kind):
    if column_kind == "utf16CodeUnits":
        return len(line.encode("utf-16-le")) // 2
    return len(line)


class ArtifactLines:
    """Reads the files that artifact locations name, once each, relative to a root folder."""

    def __init__(self, root):
        self.root = root
        self.cache = {}

    def lines(self, uri):
        """The file's lines, or None with a reason when the uri names no readable file."""
        if uri not in self.cache:
            relative = urllib.parse.unquote(urllib.parse.urlsplit(uri).path)
            path = os.path.join(self.root, relative)
            try:
                with open(path, encoding="utf-8") as f:
                    self.cache[uri] = (f.read().splitlines(), None)
            except OSError as e:
                self.cache[uri] = (None, f"names no readable file under {self.root} ({e.strerror})")
            except UnicodeDecodeError:
                self.cache[uri] = (None, f"names a file under {self.root} that is not UTF-8")
        return self.cache[uri]


def region_reasons(region, path, lines, column_kind):
    reasons = []
    start_line = int_or_none(region.get("startLine"))
    end_line = int_or_none(region.get("endLine"))
    start_column = int_or_none(region.get("startColumn"))
    end_column = int_or_none(region.get("endColumn"))
    where = pointer(path)
    if start_line is not None and start_line < 1:
        reasons.append(f"{where}/startLine: {start_line}; lines count from 1")
    if start_line is None and (end_line is not None or start_column is not None):
        if "charOffset" not in region and "byteOffset" not in region:
            reasons.append(f"{where}: endLine or startColumn without startLine")
    if start_line is not None and end_line is not None and end_line < start_line:
        reasons.append(f"{where}/endLine: {end_line} is before startLine {start_line}")
    if (start_line is not None and start_column is not None and end_column is not None and
            (end_line is None or end_line == start_line) and end_column < start_column):
        reasons.append(f"{where}/endColumn: {end_column} is before startColumn {start_column} "
                       "on the same line")
    if lines is None or start_line is None or start_line < 1:
        return reasons
    last = max(len(lines), 1)
    if start_line > last:
        reasons.append(f"{where}/startLine: {start_line} is past the end of the file "
                       f"({len(lines)} lines)")
        return reasons
    if end_line is not None and end_line > last:
        reasons.append(f"{where}/endLine: {end_line} is past the end of the file "
                       f"({len(lines)} lines)")
    text = lines[start_line - 1] if lines else ""
    # A column may point just past the last character (an insertion point), not further.
    if start_column is not None and start_column > column_count(text, column_kind) + 1:
        reasons.append(f"{where}/startColumn: {start_column} is past the end of line "
                       f"{start_line} ({column_count(text, column_kind)} columns)")
    return reasons


def result_rule_reasons(result, path, rules, rules_path):
    reasons = []
    where = pointer(path)
    ids = [r.get("id") if isinstance(r, dict) else None for r in rules]
    rule_ref = result.get("rule") if isinstance(result.get("rule"), dict) else {}
    if "toolComponent" in rule_ref:
        return reasons  # a rule of an extension, not of the driver: not checked here
    rule_id = result.get("ruleId")
    if "ruleId" in result and "id" in rule_ref and rule_ref["id"] != rule_id:
        reasons.append(f"{where}/rule/id: {rule_ref['id']!r} differs from ruleId {rule_id!r}")
    if rule_id is None:
        rule_id = rule_ref.get("id")
    if rule_id is None:
        reasons.append(f"{where}: no ruleId; code-scanning tools group and suppress results by it")
    elif rule_id not in ids:
        known = ", ".join(str(i) for i in ids) or "none"
        reasons.append(f"{where}/ruleId: {rule_id!r} is not the id of a rule in "
                       f"{pointer(rules_path)} (ids: {known})")
    index = int_or_none(result.get("ruleIndex"))
    if "ruleIndex" in result and "index" in rule_ref and rule_ref["index"] != result["ruleIndex"]:
        reasons.append(f"{where}/rule/index: {rule_ref['index']} differs from ruleIndex "
                       f"{result['ruleIndex']}")
    if index is None:
        index = int_or_none(rule_ref.get("index"))
    if index is not None and index != -1:  # -1 is the schema's "not given"
        if not 0 <= index < len(rules):
            reasons.append(f"{where}/ruleIndex: {index} is outside {pointer(rules_path)} "
                           f"({len(rules)} rules)")
        elif rule_id is not None and ids[index] != rule_id:
            reasons.append(f"{where}/ruleIndex: {index} points at rule {ids[index]!r}, but ruleId "
                           f"is {rule_id!r}")
    message = result.get("message")
    if isinstance(message, dict) and "text" not in message and "id" in message:
        strings = {}
        if rule_id in ids:
            rule = rules[ids.index(rule_id)]
            strings = rule.get("messageStrings", {}) if isinstance(rule, dict) else {}
        if message["id"] not in strings:
            reasons.append(f"{where}/message/id: {message['id']!r} is not in the rule's "
                           "messageStrings")
    kind = result.get("kind", "fail")
    if kind != "fail" and result.get("level", "none") != "none":
        reasons.append(f"{where}/level: {result['level']!r} with kind {kind!r}; a result that "
                       "is not a failure must have level \"none\" (SARIF 3.27.9)")
    return reasons


def run_reasons(run, run_path, artifact_lines):
    reasons = []
    tool = run.get("tool") if isinstance(run.get("tool"), dict) else {}
    driver = tool.get("driver") if isinstance(tool.get("driver"), dict) else {}
    rules = driver.get("rules") if isinstance(driver.get("rules"), list) else []
    rules_path = run_path + ["tool", "driver", "rules"]
    first_index = {}
    for i, rule in enumerate(rules):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if rule_id in first_index:
            reasons.append(f"{pointer(rules_path + [i, 'id'])}: duplicate rule id {rule_id!r} "
                           f"(also {pointer(rules_path + [first_index[rule_id]])})")
        first_index.setdefault(rule_id, i)
    if "results" not in run:
        reasons.append(f"{pointer(run_path)}: no results array; an analysis run must have one, "
                       "empty when nothing was found (SARIF 3.14.23)")
    results = run.get("results") if isinstance(run.get("results"), list) else []
    artifacts = run.get("artifacts") if isinstance(run.get("artifacts"), list) else []
    column_kind = run.get("columnKind", "utf16CodeUnits")
    for j, result in enumerate(results):
        result_path = run_path + ["results", j]
        if not isinstance(result, dict):
            continue
        reasons += result_rule_reasons(result, result_path, rules, rules_path)
        for loc_path, physical in physical_locations(result, result_path):
            artifact = physical.get("artifactLocation")
            artifact = artifact if isinstance(artifact, dict) else {}
            index = int_or_none(artifact.get("index"))
            if index is not None and index != -1 and not 0 <= index < len(artifacts):
                reasons.append(f"{pointer(loc_path)}/artifactLocation/index: {index} is outside "
                               f"{pointer(run_path + ['artifacts'])} ({len(artifacts)} artifacts)")
            lines = None
            uri = artifact.get("uri")
            if (artifact_lines and isinstance(uri, str) and "uriBaseId" not in artifact and
                    is_uri_reference(uri) and not is_absolute_uri(uri)):
                lines, problem = artifact_lines.lines(uri)
                if problem:
                    reasons.append(f"{pointer(loc_path)}/artifactLocation/uri: {uri!r} {problem}")
            region = physical.get("region")
            if isinstance(region, dict):
                reasons += region_reasons(region, loc_path + ["region"], lines, column_kind)
    return reasons


def validate_sarif(path, artifact_root):
    validator = load_sarif_validator()
    try:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
    except OSError as e:
        raise CannotRun(f"{path}: cannot read: {e.strerror}")
    except ValueError as e:
        return [f"not JSON: {e}"]
    reasons = schema_reasons(validator, log)
    runs = log.get("runs") if isinstance(log, dict) else None
    if isinstance(runs, list):
        artifact_lines = ArtifactLines(artifact_root) if artifact_root else None
        for i, run in enumerate(runs):
            if isinstance(run, dict):
                reasons += run_reasons(run, ["runs", i], artifact_lines)
    return reasons


# --- JUnit -----------------------------------------------------------------------------------


class Element:
    """An XML element with the line it starts on, which ElementTree does not keep."""

    def __init__(self, tag, attrs, line):
        self.tag, self.attrs, self.line, self.children = tag, attrs, line, []

    def descendants(self, tag):
        for child in self.children:
            if child.tag == tag:
                yield child
            yield from child.descendants(tag)


def parse_with_lines(path):
    parser = xml.parsers.expat.ParserCreate()
    stack, roots = [], []

    def start(tag, attrs):
        element = Element(tag, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: stack.pop()
    with open(path, "rb") as f:
        parser.ParseFile(f)
    return roots[0]


def xmllint_reasons(path):
    xmllint = shutil.which("xmllint")
    if not xmllint:
        raise CannotRun("xmllint is not installed; install libxml2-utils "
                        "(apt-get install libxml2-utils, or scripts/install-deps.sh)")
    proc = subprocess.run([xmllint, "--noout", "--nonet", "--schema", JUNIT_SCHEMA, path],
                          capture_output=True, text=True)
    lines = [l for l in proc.stderr.splitlines() if l.strip() and not l.endswith(" validates")]
    if proc.returncode == 0:
        return []
    if proc.returncode in (1, 3):  # 1: not well-formed XML, 3: not valid against the schema
        return [l for l in lines if not l.endswith(" fails to validate")] or lines
    raise CannotRun(f"xmllint could not validate against {JUNIT_SCHEMA} (exit "
                    f"{proc.returncode}): " + " | ".join(lines))


def count_reasons(element, what, cases):
    """Compares element's tests/failures/errors/skipped attributes with the cases under it."""
    reasons = []
    actual = {
        "tests": len(cases),
        "failures": sum(1 for c in cases for x in c.children if x.tag == "failure"),
        "errors": sum(1 for c in cases for x in c.children if x.tag == "error"),
        "skipped": sum(1 for c in cases for x in c.children if x.tag == "skipped"),
    }
    element_name = {"tests": "testcase", "failures": "failure", "errors": "error",
                    "skipped": "skipped"}
    for attr, count in actual.items():
        if attr not in element.attrs:
            continue
        try:
            declared = int(element.attrs[attr])
        except ValueError:
            continue  # the schema reports a count that is not an integer
        if declared != count:
            reasons.append(f"line {element.line}: {what}: {attr}=\"{declared}\" but it holds "
                           f"{count} {element_name[attr]} element{'s' if count != 1 else ''}")
    return reasons


def validate_junit(path):
    if not os.path.isfile(path):
        raise CannotRun(f"{path}: no such file")
    reasons = xmllint_reasons(path)
    try:
        root = parse_with_lines(path)
    except xml.parsers.expat.ExpatError as e:
        return reasons or [f"not well-formed XML: {e}"]
    suites = ([root] if root.tag == "testsuite" else []) + list(root.descendants("testsuite"))
    if root.tag == "testsuites":
        reasons += count_reasons(root, "testsuites", list(root.descendants("testcase")))
    for suite in suites:
        name = suite.attrs.get("name", "")
        reasons += count_reasons(suite, f"testsuite {name!r}", list(suite.descendants("testcase")))
        seen = {}
        for case in (c for c in suite.children if c.tag == "testcase"):
            key = (case.attrs.get("classname", ""), case.attrs.get("name", ""))
            if key in seen:
                reasons.append(f"line {case.line}: testsuite {name!r}: a second testcase with "
                               f"classname={key[0]!r} name={key[1]!r} (first at line "
                               f"{seen[key]}); reporters merge them into one")
            seen.setdefault(key, case.line)
    return reasons


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("format", choices=["sarif", "junit"])
    parser.add_argument("file")
    parser.add_argument("--artifact-root",
                        help="sarif: folder that relative artifact URIs are resolved against")
    args = parser.parse_args()
    try:
        if args.format == "sarif":
            reasons = validate_sarif(args.file, args.artifact_root)
        else:
            if args.artifact_root:
                parser.error("--artifact-root applies to sarif only")
            reasons = validate_junit(args.file)
    except CannotRun as e:
        print(f"validate.py: cannot check {args.file}: {e}", file=sys.stderr)
        return CANNOT_RUN
    label = "SARIF 2.1.0" if args.format == "sarif" else "JUnit XML"
    if reasons:
        print(f"{args.file}: invalid {label} ({len(reasons)} problem"
              f"{'s' if len(reasons) != 1 else ''}):")
        for reason in reasons:
            print(f"  {reason}")
        return INVALID
    print(f"{args.file}: valid {label}")
    return VALID


if __name__ == "__main__":
    sys.exit(main())
