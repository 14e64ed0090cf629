#!/usr/bin/env python3
"""How long `protocolkit units` takes, against `protocolkit validate` of the same file, in one run.

`units` checks the file first (the validate pipeline) and then counts; the
ratio of their median wall times says what counting adds, on any machine.
Three files: a protocol, the example treatment plan (every session of its
series counted), and a protocol of 2,000 steps written here.  The project's
own [billing] is not read (a temporary folder with codes for every
technique the files use), so every step bills under a code.

It is a report (exits 0); run it with the project's virtual environment:

    .venv/bin/python bench/units_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from wall_time import median_wall  # noqa: E402  (beside this script)

CODES = {"deep-tissue.deep-stroking": "97140", "deep-tissue.friction": "97140", "deep-tissue.compression": "97140",
         "deep-tissue.effleurage": "97124", "deep-tissue.petrissage": "97124",
         "trigger-point.ischemic-compression": "97140", "trigger-point.stretching": "97140"}
STEPS = 2000


def _long_protocol(folder: Path) -> Path:
    steps = "".join(f"  - modality: deep-tissue\n    technique: {'petrissage' if i % 2 else 'friction'}\n"
                    f"    region: upper-back\n    duration: 1m\n    pressure: 3\n" for i in range(STEPS))
    path = folder / "long.yaml"
    path.write_text(f"protocolkit: 1\nkind: protocol\nid: long\ntitle: Long\nduration: {STEPS}m\n"
                    f"steps:\n{steps}", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command line (median)")
    args = parser.parse_args(argv)
    cli = str(Path(sys.executable).with_name("protocolkit"))
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        shutil.copytree(REPO / "examples", folder / "examples")
        codes = ", ".join(f'"{key}" = "{code}"' for key, code in CODES.items())
        (folder / "protocolkit.toml").write_text(f'[billing]\npolicy = "cms"\ncodes = {{{codes}}}\n')
        files = [folder / "examples" / "upper-back-deep-tissue-60.yaml",
                 folder / "examples" / "plans" / "upper-back-series.yaml", _long_protocol(folder)]
        for path in files:
            validate = median_wall([cli, "validate", str(path)], args.runs, folder)
            units = median_wall([cli, "units", str(path)], args.runs, folder)
            print(f"{path.name}: validate {validate:.3f} s, units {units:.3f} s, ratio {units / validate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
