"""`python -m benchmarks.cold_start`: what importing each function's handler costs a fresh interpreter,
against importing boto3 in the same run.

Lambda starts a new interpreter for every cold start and imports the handler module before the first
event is served; every function pays for boto3, so ``import boto3`` is the floor. For every function
of the catalog (or those named with ``--function``), each round starts fresh interpreters
(``sys.executable -c ...``, ``functions/`` on ``PYTHONPATH`` as in the Lambda bundle) with the
environment that function has when deployed (the local stack's ``function_environment``, the names
of what it was granted as :func:`components.grants.environment` renders them, its
``POWERTOOLS_SERVICE_NAME``, and the variables the Lambda runtime sets), three per function:

- the floor: ``import boto3``;
- the subject: import the handler's module and resolve the handler attribute, as the Lambda runtime
  does with ``FunctionSpec.handler``;
- the libraries: import, in the same order, exactly the library modules (third-party and standard)
  that the subject's import loads, and none of the bundle's code (with the cyclic garbage collector
  off when the subject's import turns it off, as ``core.init_phase`` does in Lambda). What a handler
  costs beyond this is our own doing (module bodies, model classes, work at import); this part can
  only shrink by importing fewer libraries.

Each interpreter times its own import with ``time.perf_counter``, from the moment its startup is over
to the moment the handler (or boto3) is resolved, and reports its peak resident memory (``VmHWM`` on
Linux, where ``ru_maxrss`` still holds the forking parent's peak after ``execve``; ``ru_maxrss``
elsewhere). Interpreter startup is therefore left out of both sides: this is the "subtract a bare
``python -c pass``" choice, made exactly instead of by subtracting two noisy wall times. It is also
the stricter choice: adding the same startup to both sides would pull every ratio towards 1. The bare
startup is still measured (``interpreter_start_ms``, the wall time of ``python -c pass`` seen from
this process) for context. Each interpreter also reports the CPU time of the same span; on a machine
shared with other work, ``cpu_ratio`` moves much less from run to run than the wall-time ``ratio``.

The three interpreters of a function alternate within each round, each going first in turn, so a
busy machine slows all alike; one unmeasured warm-up of each writes bytecode caches and fills the
page cache. It prints JSON: per function ``{function, handler, import_ms, floor_ms, ratio,
peak_rss_mb, libraries_ms, libraries_ratio, cpu_ratio}`` (medians over ``--runs`` rounds;
``ratio = import_ms / floor_ms``, ``libraries_ratio = libraries_ms / floor_ms``), then the largest
of each ratio and the function with the largest ``ratio``.

``--importtime NAME`` instead prints where one function's import time goes (``python -X importtime``):
self time summed by top-level package, and the slowest single modules.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple

from catalog import FUNCTIONS, QUEUES
from components.config import NAMESPACE, StackConfig, parse_stack_config
from components.grants import Resources, environment
from core.buckets import ALL_BUCKETS
from core.catalog import FunctionSpec
from core.events import event_bus_name
from core.tables import ALL_TABLES
from core.user_pools import UserPoolName
from offline.stack_file import load_stack_config, namespace_values

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS_DIR = ROOT / "functions"
STACK = "local"

# Run by every measured interpreter. Only ``resource`` and ``time`` are imported before the clocks start
# (the same for every body); reporting imports come after they stop.
_CHILD = """\
import resource, time
cpu_started = resource.getrusage(resource.RUSAGE_SELF)
started = time.perf_counter()
{body}
elapsed = time.perf_counter() - started
cpu = resource.getrusage(resource.RUSAGE_SELF)
import json, sys
cpu_ms = 1000 * (cpu.ru_utime - cpu_started.ru_utime + cpu.ru_stime - cpu_started.ru_stime)
try:  # Linux carries ru_maxrss over execve (the forking parent's peak): VmHWM is this image's own
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak_kb = cpu.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
print(json.dumps({{"ms": elapsed * 1000, "cpu_ms": cpu_ms, "peak_kb": peak_kb}}))
"""
FLOOR_BODY = "import boto3"


def handler_body(spec: FunctionSpec) -> str:
    """What the Lambda runtime does with ``package.module.attribute``: import, then look it up."""
    module, attribute = spec.handler.rsplit(".", 1)
    return f"getattr(__import__({module!r}, fromlist=[{attribute!r}]), {attribute!r})"


def stack_config(stack: str = STACK) -> StackConfig:
    return parse_stack_config(namespace_values(load_stack_config(stack), NAMESPACE))


def _stand_in(**attributes: str) -> Any:
    """Stands in for a Pulumi resource: only the attribute ``grants.environment`` reads."""
    return SimpleNamespace(**attributes)


def _stand_in_resources(config: StackConfig) -> Resources:
    """Resources with the physical names a deployment would give them, for grants.environment."""
    prefix, account = config.name_prefix, config.account_id
    region = config.region
    queue_url = "https://sqs.{region}.amazonaws.com/{account}/{prefix}-{name}"
    return Resources(
        tables={spec.key: _stand_in(name=spec.physical_name(prefix)) for spec in ALL_TABLES},
        keys={},
        queues={
            spec.key: _stand_in(
                url=queue_url.format(region=region, account=account, prefix=prefix, name=spec.resource_name)
            )
            for spec in QUEUES
        },
        queue_specs={spec.key: spec for spec in QUEUES},
        buckets={spec.key: _stand_in(bucket=spec.physical_name(prefix, account)) for spec in ALL_BUCKETS},
        user_pools={pool: _stand_in(id=f"{region}_{pool.value}Pool") for pool in UserPoolName},
        event_bus=_stand_in(name=event_bus_name(str(config.environment_name))),
    )


def function_environment(spec: FunctionSpec, config: StackConfig) -> dict[str, str]:
    """The environment of the deployed function (components/lambda_function.py), plus what Lambda sets.

    Nothing from this process leaks in except ``PATH``: a variable set on a developer's machine must
    not change what a handler imports."""
    region = config.region
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(FUNCTIONS_DIR),
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_LAMBDA_FUNCTION_NAME": f"{config.name_prefix}-{spec.name}",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
        "AWS_EC2_METADATA_DISABLED": "true",  # nothing may reach for credentials during import
        **config.function_environment,
        **{key: str(value) for key, value in environment(spec, _stand_in_resources(config)).items()},
        "POWERTOOLS_SERVICE_NAME": spec.name,
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "compact-connect-benchmark",
    }


class Sample(NamedTuple):
    ms: float  # wall time
    cpu_ms: float
    peak_mb: float


def measure(body: str, env: dict[str, str]) -> Sample:
    """One fresh interpreter running ``body``."""
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD.format(body=body)],
        env=env,
        cwd=FUNCTIONS_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{body!r} failed:\n{completed.stderr}")
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    return Sample(report["ms"], report["cpu_ms"], report["peak_kb"] / 1024)


def interpreter_start_ms(env: dict[str, str]) -> float:
    """Wall time of a bare ``python -c pass`` seen from here: what both sides leave out."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, cwd=FUNCTIONS_DIR, check=True)
    return (time.perf_counter() - started) * 1000


def select(names: list[str] | None) -> list[FunctionSpec]:
    if not names:
        return list(FUNCTIONS)
    by_name = {spec.name: spec for spec in FUNCTIONS}
    unknown = sorted(set(names) - set(by_name))
    if unknown:
        raise SystemExit(f"unknown function(s): {', '.join(unknown)} (known: {', '.join(sorted(by_name))})")
    return [by_name[name] for name in names]


def project_packages() -> frozenset[str]:
    """Top-level names of the bundle's own modules (everything else a handler loads is a library)."""
    return frozenset(path.stem for path in FUNCTIONS_DIR.iterdir() if not path.name.startswith(("_", ".")))


def loaded_libraries(spec: FunctionSpec, env: dict[str, str]) -> list[str]:
    """The third-party and standard-library modules the handler's import loads, in load order."""
    return handler_import(spec, env)[0]


def handler_import(spec: FunctionSpec, env: dict[str, str]) -> tuple[list[str], bool]:
    """The library modules the handler's import loads, and whether it leaves the cyclic garbage
    collector off (as ``core.init_phase`` does in Lambda)."""
    body = f"import gc, sys\nbefore = set(sys.modules)\n{handler_body(spec)}\n"
    body += "import json\nloaded = [name for name in sys.modules if name not in before]\n"
    body += "print(json.dumps([loaded, gc.isenabled()]))"
    completed = subprocess.run(
        [sys.executable, "-c", body], env=env, cwd=FUNCTIONS_DIR, capture_output=True, text=True, check=True
    )
    modules, collector_enabled = json.loads(completed.stdout)
    ours = project_packages()
    return [name for name in modules if name.split(".")[0] not in ours], not collector_enabled


def libraries_body(modules: list[str], collector_paused: bool = False) -> str:
    """Import the same library modules in the same order, and none of the bundle's code. A name that
    cannot be imported on its own (an alias such as ``six.moves.*``) was loaded with its parent. When the
    handler's import runs without the cyclic collector, so do they: they are the libraries' share of it."""
    loop = "    try:\n        __import__(name)\n    except Exception:\n        pass"
    pause = "import gc\ngc.disable()\n" if collector_paused else ""
    return f"{pause}for name in {tuple(modules)!r}:\n{loop}"


def run(specs: list[FunctionSpec], runs: int = 5) -> dict[str, Any]:
    """Measure every function ``runs`` times, its three interpreters alternating, and return the report."""
    config = stack_config()
    envs = {spec.name: function_environment(spec, config) for spec in specs}
    bodies: dict[str, dict[str, str]] = {}
    for spec in specs:  # warm-up: bytecode caches and page cache, not measured
        env = envs[spec.name]
        bodies[spec.name] = {
            "floor": FLOOR_BODY,
            "libraries": libraries_body(*handler_import(spec, env)),
            "import": handler_body(spec),
        }
        for body in bodies[spec.name].values():
            measure(body, env)
    samples: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    starts: list[float] = []
    for round_number in range(runs):
        starts.append(interpreter_start_ms(envs[specs[0].name]))
        for spec in specs:
            kinds = list(bodies[spec.name])
            shift = round_number % len(kinds)  # each kind goes first in turn
            for kind in kinds[shift:] + kinds[:shift]:
                samples[spec.name, kind].append(measure(bodies[spec.name][kind], envs[spec.name]))
    results = [
        _result(spec, {kind: samples[spec.name, kind] for kind in bodies[spec.name]}) for spec in specs
    ]
    worst = max(results, key=lambda result: result["ratio"])
    return {
        "runs": runs,
        "python": sys.version.split()[0],
        "interpreter_start_ms": round(statistics.median(starts), 1),
        "functions": results,
        "max_ratio": worst["ratio"],
        "max_ratio_function": worst["function"],
        "max_libraries_ratio": max(result["libraries_ratio"] for result in results),
        "max_cpu_ratio": max(result["cpu_ratio"] for result in results),
    }


def _result(spec: FunctionSpec, samples: dict[str, list[Sample]]) -> dict[str, Any]:
    """One function's line of the report, from its samples by kind (floor, libraries, import)."""

    def median(kind: str, field: str) -> float:
        return statistics.median(getattr(sample, field) for sample in samples[kind])

    import_ms, floor_ms, libraries_ms = (median(kind, "ms") for kind in ("import", "floor", "libraries"))
    return {
        "function": spec.name,
        "handler": spec.handler,
        "import_ms": round(import_ms, 1),
        "floor_ms": round(floor_ms, 1),
        "ratio": round(import_ms / floor_ms, 2),
        "peak_rss_mb": round(median("import", "peak_mb"), 1),
        "libraries_ms": round(libraries_ms, 1),
        "libraries_ratio": round(libraries_ms / floor_ms, 2),
        "cpu_ratio": round(median("import", "cpu_ms") / median("floor", "cpu_ms"), 2),
    }


def import_profile(spec: FunctionSpec, top: int = 15) -> dict[str, Any]:
    """Where one handler's import time goes, from ``python -X importtime`` (self times, in ms)."""
    env = function_environment(spec, stack_config())
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", handler_body(spec)],
        env=env,
        cwd=FUNCTIONS_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    by_package: dict[str, float] = defaultdict(float)
    modules: list[tuple[float, str]] = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        module = name.strip()
        by_package[module.split(".")[0]] += int(self_us) / 1000
        modules.append((int(self_us) / 1000, module))
    total = sum(by_package.values())
    return {
        "function": spec.name,
        "handler": spec.handler,
        "total_self_ms": round(total, 1),
        "by_package_ms": {
            name: round(ms, 1)
            for name, ms in sorted(by_package.items(), key=lambda item: -item[1])
            if ms >= total / 200
        },
        "slowest_modules_ms": {name: round(ms, 1) for ms, name in sorted(modules, reverse=True)[:top]},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds per function (medians are reported)")
    parser.add_argument(
        "--function", action="append", dest="functions", metavar="NAME", help="only NAME (repeatable)"
    )
    parser.add_argument("--importtime", metavar="NAME", help="print where NAME's import time goes instead")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.importtime:
        report = import_profile(select([args.importtime])[0])
    else:
        report = run(select(args.functions), args.runs)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
