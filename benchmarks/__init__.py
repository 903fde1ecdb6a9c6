"""Throughput and memory measurements, each reported as a ratio against a floor measured in the same run
(DESIGN §7): absolute numbers depend on the machine, ratios much less. Tests only smoke-run them."""
