"""Benchmarks (`make bench`): not tests; they time, they never assert."""
