"""Build stage only: write bytecode for the modules govwatch loads, and for nothing else.

The final image runs with a read-only root filesystem, so Python cannot cache bytecode there: a module
without a .pyc is compiled again, in memory, by every process that imports it. Compiling all of
site-packages costs about 35 MB, too much for the image's 200 MB budget; compiling nothing makes every
start (the daemon, each `govwatch status`) seconds slower. So: import every module of the govwatch
package (which pulls in what it imports at module level: SQLAlchemy, alembic, httpx, ...) and write a
.pyc for each module that ended up loaded from the venv. The .pyc files are "checked-hash": they stay
valid when the files are copied into the final stage with other timestamps.
"""

from __future__ import annotations

import importlib
import pkgutil
import py_compile
import sys
from pathlib import Path

import govwatch

prefix = Path(sys.prefix).resolve()
for info in pkgutil.walk_packages(govwatch.__path__, "govwatch."):
    if info.name.endswith(".__main__"):  # that one runs the CLI
        continue
    try:
        importlib.import_module(info.name)
    except ImportError as exc:  # a module of an optional extra (not installed in the image)
        print(f"precompile: {info.name} skipped: {exc}")

count = 0
for module in list(sys.modules.values()):
    origin = getattr(module, "__file__", None)
    if not origin or not origin.endswith(".py"):
        continue
    path = Path(origin).resolve()
    if prefix not in path.parents:
        continue  # the interpreter's own standard library has its bytecode already
    py_compile.compile(str(path), doraise=True, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    count += 1
print(f"precompile: {count} modules")
