"""The C part of govwatch (everything else is in pyproject.toml): ``govwatch.extract._fastdom``, the
extractor's whole-page passes over selectolax's tree. Optional: where it cannot be compiled, the
extractor does the same work in Python (``govwatch.extract.fastdom`` says which one runs)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("govwatch.extract._fastdom", ["src/govwatch/extract/_fastdom.c"],
                             extra_compile_args=["-O2"], optional=True)])
