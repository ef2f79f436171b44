#!/usr/bin/env python3
"""Checks that a generated file equals its generator's output.
Usage: check_generated.py GENERATOR.py GENERATED_FILE  (prints "1 passed, 0 failed" or the difference)."""
import subprocess
import sys

generator, generated = sys.argv[1], sys.argv[2]
expected = subprocess.run([sys.executable, generator], check=True, capture_output=True, text=True).stdout
with open(generated, encoding="utf-8") as f:
    actual = f.read()
if actual != expected:
    print(f"{generated} differs from the output of {generator}: regenerate it")
    print("0 passed, 1 failed")
    sys.exit(1)
print("1 passed, 0 failed")
