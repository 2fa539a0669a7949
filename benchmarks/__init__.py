"""Throughput, incremental cost, memory and latency benchmarks of a partition sync (see README.md)."""
