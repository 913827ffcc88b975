"""Issue 14 item 4: the CLI is a package with one module per command group, and a reader finds a
command where its name says: the module that ``cli/__init__.py`` names for it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import typer.main

import govwatch.cli
from govwatch.cli import app


def commands() -> Iterator[tuple[str, str, str | None]]:
    """(full command name, its group, the module of its callback) for every registered command."""
    root = typer.main.get_command(app)
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):  # a group: `db …`, `sources …`
            assert cmd.commands, f"group {name} has no command"
            for sub_name, sub in cmd.commands.items():
                yield f"{name} {sub_name}", name, getattr(sub.callback, "__module__", None)
        else:
            yield name, name, getattr(cmd.callback, "__module__", None)


def documented_modules() -> dict[str, str]:
    """``cli/__init__.py``'s map, command (or group) name -> module: "``history``/``diff`` in ``cli/documents.py``"."""
    doc = govwatch.cli.__doc__ or ""
    out: dict[str, str] = {}
    for names, module in re.findall(r"((?:``[a-z][a-z -]*(?: …)?``/?)+)\s+in\s+``cli/(\w+)\.py``", doc):
        for name in re.findall(r"``([a-z][a-z -]*?)(?: …)?``", names):
            out[name.strip()] = f"govwatch.cli.{module}"
    return out


def test_every_command_lives_in_the_module_named_for_its_group() -> None:
    documented = documented_modules()
    found = list(commands())
    assert len(found) >= 15
    for full, group, module in found:
        assert group in documented, f"`govwatch {full}`: cli/__init__.py does not say where it lives"
        assert module == documented[group], f"`govwatch {full}` is defined in {module}, not {documented[group]}"


def test_a_group_is_its_own_module() -> None:
    for full, group, module in commands():
        if " " in full:  # `db upgrade`, `sources check`: the group's name is the module's
            assert module == f"govwatch.cli.{group}", (full, module)


def test_the_package_init_holds_no_command() -> None:
    assert all(module != "govwatch.cli" for _full, _group, module in commands())
    assert all(module and module.startswith("govwatch.cli.") for _full, _group, module in commands())
