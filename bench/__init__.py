"""Benchmarks for folio: synthetic publications (`bench.synthetic`) and the timing harness."""
