#!/usr/bin/env python3
"""Executes notebooks top to bottom (as a reader would) and fails on the first error.

    DIYPOL_COMPARE_DIR=out/compare-... python scripts/run_notebooks.py notebooks/*.ipynb

Each notebook runs with its own folder as the working directory. Nothing is written back to
the .ipynb files: the repository keeps them without outputs.
"""

import sys
import time
from pathlib import Path

import nbclient
import nbformat


def main(paths):
    for path in map(Path, paths):
        started = time.time()
        nb = nbformat.read(path, as_version=4)
        client = nbclient.NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        )
        try:
            client.execute()
        except nbclient.exceptions.CellExecutionError as e:
            print(f"{path}: a cell failed\n{e}", file=sys.stderr)
            return 1
        print(f"{path}: ran {len(nb.cells)} cells in {time.time() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
