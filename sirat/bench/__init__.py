"""``python -m sirat.bench``: the benchmark that keeps SIRAT fast at operational scale.

It builds a seeded synthetic vault (100,000 reports at ``--scale 1.0``), measures what an
analyst waits for, each figure beside a baseline measured in the same run, and prints a table
(figure | measured | baseline | ratio | target | met?) and, with ``--json FILE``, every figure
with the machine's description. Pure measuring code: nothing here asserts on time.
See docs/bench.md.
"""
