"""Run the simulated sites until interrupted: ``python -m govwatch.demo [--state later] [--yaml FILE]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from govwatch.demo.catalog import FAMILIES, STATES
from govwatch.demo.sites import SimulatedSites


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govwatch.demo", description=__doc__)
    parser.add_argument("--state", choices=STATES, default="initial", help="which state to serve")
    parser.add_argument("--family", action="append", choices=FAMILIES, help="serve only these families")
    parser.add_argument("--yaml", type=Path, help="write a sources.yaml for the running sites here")
    args = parser.parse_args(argv)
    with SimulatedSites(families=args.family, state=args.state) as sites:
        print(sites.summary())
        if args.yaml:
            args.yaml.write_text(sites.sources_yaml(), encoding="utf-8")
            print(f"wrote {args.yaml}")
        print("serving; Ctrl-C to stop", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
