"""Where rules live: the built-in folder, or a user's own folder given with `--rules DIR`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from advisor.errors import InputError

_PACKAGE = Path(__file__).resolve().parent.parent


def builtin_rules_dir() -> Path:
    """The rules shipped with advisor: inside the wheel, or at the top of a source checkout."""
    packaged = _PACKAGE / "_rules"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "rules"


@dataclass(frozen=True, slots=True)
class RulesDirs:
    """The user's rules folder (if any) in front of the built-in one.

    Decision rules (`tree.yaml`, `advisories.yaml`, `tables.yaml`) come as a unit from whichever
    folder holds `tree.yaml`, because advisories refer to the tree's question ids. Other files
    (catalog, scenario, presets, model shapes) fall back one by one to the built-in copies, so a
    user can override a single price file.
    """

    user: Path | None = None

    @classmethod
    def from_arg(cls, value: str | Path | None) -> RulesDirs:
        if value is None:
            return cls(None)
        path = Path(value)
        if not path.exists():
            raise InputError(f"--rules {path}: no such directory")
        if not path.is_dir():
            raise InputError(
                f"--rules {path}: is a file; give the folder that holds the YAML files"
            )
        return cls(path)

    @property
    def builtin(self) -> Path:
        return builtin_rules_dir()

    def decision_dir(self) -> Path:
        """The folder the decision tree and its advisories and tables come from."""
        if self.user is not None and (self.user / "tree.yaml").exists():
            return self.user
        return self.builtin

    def find(self, relative: str) -> Path:
        """A data file from the user's folder if it has one, else the built-in copy."""
        if self.user is not None:
            candidate = self.user / relative
            if candidate.exists():
                return candidate
        return self.builtin / relative
