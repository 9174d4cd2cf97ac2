#!/usr/bin/env python3
"""Compiles Jobs/aspects.yml into Sources/Sentiment/Generated/BuiltInAspects.swift (`make aspects`),
so the analyzer has the shipped lexicon wherever the binary runs. A test checks the two match."""
import os
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
text = open(os.path.join(root, "Jobs", "aspects.yml"), encoding="utf-8").read()
if '"""#' in text:
    raise SystemExit('Jobs/aspects.yml must not contain """#')
with open(os.path.join(root, "Sources", "Sentiment", "Generated", "BuiltInAspects.swift"), "w", encoding="utf-8") as f:
    f.write("// Generated from Jobs/aspects.yml by `make aspects` - do not edit; a test checks they match.\n\n")
    f.write('extension AspectLexicon {\n    static let builtInYAML = #"""\n' + text + '"""#\n}\n')
