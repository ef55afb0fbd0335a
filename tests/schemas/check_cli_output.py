#!/usr/bin/env python3
"""CTest driver for the schema tests: runs validate.py the way the tests need it.

  check_cli_output.py run FORMAT OUTPUT [--expect-match REGEX]... [VALIDATE_OPTION...]
                        -- COMMAND...
      Runs COMMAND (a tunnelsim invocation) in the current folder; it must exit 0 and print a
      report, which is written to OUTPUT and then validated: `validate.py FORMAT OUTPUT
      VALIDATE_OPTION...` must exit 0. Each --expect-match REGEX must occur in the report, so a
      test meant to cover, say, regressions notices when the command stops producing them.
  check_cli_output.py expect-invalid FORMAT FILE [VALIDATE_OPTION...] -- PATTERN...
      FILE is broken on purpose: validate.py must exit 1 (invalid) and report every PATTERN (a
      Python regular expression). This proves the validators can fail, and fail for the reason
      the file was broken for.

Exit status 0 when the expectation holds, 1 when it does not, 2 when validate.py could not run
(its message says what to install).
"""

import os
import re
import subprocess
import sys

VALIDATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "validate.py")


def split_at_dashes(args):
    if "--" not in args:
        sys.exit(f"check_cli_output.py: expected '--' in {args}")
    i = args.index("--")
    return args[:i], args[i + 1:]


def validate(fmt, path, options):
    proc = subprocess.run([sys.executable, VALIDATE, fmt, path] + options,
                          capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    return proc.returncode, proc.stdout + proc.stderr


def take_expect_match(options):
    """Splits --expect-match REGEX pairs off options; returns (regexes, remaining options)."""
    regexes, rest = [], []
    it = iter(options)
    for option in it:
        if option == "--expect-match":
            regex = next(it, None)
            if regex is None:
                sys.exit("check_cli_output.py: --expect-match needs a regular expression")
            regexes.append(regex)
        else:
            rest.append(option)
    return regexes, rest


def run(fmt, output, options, command):
    expected, options = take_expect_match(options)
    proc = subprocess.run(command, capture_output=True)
    if proc.returncode != 0:
        print(f"check_cli_output.py: {' '.join(command)} exited {proc.returncode}, expected 0")
        sys.stdout.write(proc.stderr.decode("utf-8", "replace"))
        return 1
    if not proc.stdout.strip():
        print(f"check_cli_output.py: {' '.join(command)} printed no report")
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "wb") as f:
        f.write(proc.stdout)
    print(f"$ {' '.join(command)} > {output}")
    code, _ = validate(fmt, output, options)
    report = proc.stdout.decode("utf-8", "replace")
    missing = [r for r in expected if not re.search(r, report)]
    for r in missing:
        print(f"check_cli_output.py: the report has nothing matching /{r}/; the test no longer "
              "covers what it was written for")
    return code if code != 0 or not missing else 1


def expect_invalid(fmt, path, options, patterns):
    code, text = validate(fmt, path, options)
    if code == 2:
        return 2
    if code == 0:
        print(f"check_cli_output.py: validate.py accepted {path}, which is broken on purpose")
        return 1
    if code != 1:
        print(f"check_cli_output.py: validate.py exited {code}, expected 1 (invalid)")
        return 1
    missing = [p for p in patterns if not re.search(p, text)]
    for p in missing:
        print(f"check_cli_output.py: validate.py rejected {path}, but not with /{p}/")
    return 1 if missing else 0


def main(argv):
    if len(argv) < 4 or argv[0] not in ("run", "expect-invalid"):
        sys.exit(__doc__)
    mode, fmt, path = argv[0], argv[1], argv[2]
    options, rest = split_at_dashes(argv[3:])
    if not rest:
        sys.exit("check_cli_output.py: nothing after '--'")
    if mode == "run":
        return run(fmt, path, options, rest)
    return expect_invalid(fmt, path, options, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
