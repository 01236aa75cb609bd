"""The ROI explorer's inputs: where the scenario starts, then the inputs that matter most.

Each input is a one-line row (label, value) with the core's one-line message under it when the
value is rejected; the row reports what was typed and never judges it. The distilled student's
serving is a choice (serverless, or self-hosted on one of the catalogue's GPUs) because it sets
two inputs at once. Any other input of the scenario can be pinned below with the input search.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Select, Static

from advisor.core.i18n import Lang, pick
from advisor.report.roi import option_name
from advisor.tui.explorer import GPU, GROUPS, SERVERLESS, SERVING, one_line
from advisor.tui.strings import ROI_FIELDS, tr

START = "(start)"
"""The preset choice meaning "no preset: the answers, or the defaults"."""


def label_of(path: str, lang: Lang) -> str:
    """A row's label: its name in `lang` for the usual inputs, else the input's path."""
    pair = ROI_FIELDS.get(path) or ROI_FIELDS.get(path.rsplit(".", 1)[-1])
    return pick(pair, lang) if pair else path


def row_id(path: str) -> str:
    """A CSS id for the row of `path` (ids cannot hold dots)."""
    return "in-" + path.replace(".", "--")


def _without(key: str, bindings: Sequence[BindingType]) -> list[BindingType]:
    """`bindings` with `key` taken out of every binding that lists it."""
    out: list[BindingType] = []
    for binding in bindings:
        if not isinstance(binding, Binding):
            out.append(binding)
            continue
        keys = [k for k in binding.key.split(",") if k.strip() != key]
        if keys:
            out.append(replace(binding, key=",".join(keys)))
    return out


class ValueInput(Input, inherit_bindings=False):
    """An input row's box: Input's own keys minus ctrl+e (`end` still goes to the end).

    The explorer saves its report with ctrl+e, as the recommendation does; left in the box, the
    key would move the cursor instead. (Not inheriting also drops the scroll keys Input gets
    from ScrollView, so up and down reach the row, which moves between inputs.)
    """

    BINDINGS: ClassVar[list[BindingType]] = _without("ctrl+e", Input.BINDINGS)


def _choose(select: Select[str], options: list[tuple[str, str]], value: str) -> None:
    """Give `select` new options and show `value`, without posting a change."""
    with select.prevent(Select.Changed):
        select.set_options(options)
        select.value = value
        # Same value as before: the watcher that relabels the closed select did not run.
        select.mutate_reactive(Select.value)


class InputRow(Vertical):
    """One scenario input: its label, its value, and why the value was rejected (if it was)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
    ]

    class Edited(Message):
        """Posted when the value is changed; `text` None means "back to the starting value"."""

        def __init__(self, path: str, text: str | None, now: bool = False) -> None:
            super().__init__()
            self.path = path
            """The input's dotted path (as `advisor roi --set` names it)."""
            self.text = text
            """What was typed, unparsed: the core parses and checks it."""
            self.now = now
            """True on enter: price at once instead of after the typing pause."""

    def __init__(self, path: str) -> None:
        # An input without a short name shows its whole path: label over value, not beside it.
        known = path in ROI_FIELDS or path.rsplit(".", 1)[-1] in ROI_FIELDS
        super().__init__(id=row_id(path), classes="" if known else "-long")
        self.path = path
        """The input this row edits."""
        self.start = ""
        """The starting value: typing it back means the input is no longer edited."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="roi-row"):
            yield Static(self.path, classes="roi-label", markup=False)
            yield ValueInput(compact=True, classes="roi-value", select_on_focus=False)
        yield Static(classes="roi-error", markup=False)

    def relabel(self, lang: Lang) -> None:
        """Render the label in `lang`."""
        self.query_one(".roi-label", Static).update(label_of(self.path, lang))

    def fill(self, start: str, shown: str) -> None:
        """Show `shown` (as typed, or the starting value) without it counting as an edit."""
        self.start = start
        entry = self.query_one(Input)
        if entry.value != shown:
            with entry.prevent(Input.Changed):
                entry.value = shown
                entry.cursor_position = len(shown)

    def show_error(self, message: str | None) -> None:
        """Show the core's message for the typed value, or clear it."""
        self.query_one(".roi-error", Static).update(one_line(message) if message else "")
        self.set_class(message is not None, "-invalid")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value
        self.post_message(self.Edited(self.path, None if text.strip() == self.start else text))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        self.post_message(
            self.Edited(self.path, None if text.strip() == self.start else text, True)
        )


class ServingRow(Vertical):
    """The distilled student's serving: serverless, or self-hosted on a GPU from the catalogue."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="roi-row"):
            yield Static(classes="roi-label", markup=False)
            yield Select(
                [(SERVERLESS, SERVERLESS)], id="roi-serving", compact=True, allow_blank=False
            )
        yield Static(classes="roi-error", markup=False)

    def relabel(self, lang: Lang) -> None:
        """Render the label in `lang`."""
        self.query_one(".roi-label", Static).update(label_of(SERVING, lang))

    def fill(self, gpus: Mapping[str, str], chosen: str, lang: Lang) -> None:
        """Offer serverless and each GPU; show `chosen` without it counting as a choice."""
        select = self.query_one(Select)
        options = [(tr("roi_serverless", lang), SERVERLESS)]
        options += [(tr("roi_self_hosted", lang, gpu=name), gpu) for gpu, name in gpus.items()]
        if chosen not in {value for _, value in options}:
            options.append((tr("roi_self_hosted", lang, gpu=chosen), chosen))
        _choose(select, options, chosen)

    def show_error(self, message: str | None) -> None:
        """Show why the serving plan could not be priced, or clear it."""
        self.query_one(".roi-error", Static).update(one_line(message) if message else "")
        self.set_class(message is not None, "-invalid")


class RoiInputs(VerticalScroll):
    """The scenario's inputs, grouped by option; reports edits and choices up to the screen."""

    class PresetChosen(Message):
        """Posted when another starting point is chosen: a preset's name, or None."""

        def __init__(self, preset: str | None) -> None:
            super().__init__()
            self.preset = preset

    class ServingChosen(Message):
        """Posted when the distilled student's serving is chosen (`serverless` or a GPU id)."""

        def __init__(self, choice: str) -> None:
            super().__init__()
            self.choice = choice

    def compose(self) -> ComposeResult:
        yield Static(id="roi-start-label", classes="roi-group", markup=False)
        yield Select([("", START)], id="roi-preset", compact=True, allow_blank=False)
        for group, paths in GROUPS:
            yield Static(id=f"roi-group-{group}", classes="roi-group", markup=False)
            for path in paths:
                yield ServingRow(id="roi-serving-row") if path == SERVING else InputRow(path)
        yield Static(id="roi-group-more", classes="roi-group", markup=False)
        yield Static(id="roi-more-hint", markup=False)
        yield Vertical(id="roi-pinned")

    def relabel(self, lang: Lang, emphasised: Sequence[str]) -> None:
        """Render every heading and label in `lang`; star the recommended options' groups."""
        self.query_one("#roi-start-label", Static).update(tr("roi_start", lang))
        for group, _ in GROUPS:
            title = tr("roi_volume", lang) if group == "volume" else self._option(group, lang)
            star = "★ " if group in emphasised else ""
            self.query_one(f"#roi-group-{group}", Static).update(star + title)
        self.query_one("#roi-group-more", Static).update(tr("roi_more", lang))
        self.query_one("#roi-more-hint", Static).update(tr("roi_more_hint", lang))
        for row in self.query(InputRow):
            row.relabel(lang)
        self.query_one(ServingRow).relabel(lang)

    @staticmethod
    def _option(option_id: str, lang: Lang) -> str:
        return f"{option_id} · {option_name(option_id, lang)}"

    def fill_presets(
        self, presets: Sequence[str], chosen: str | None, answers: bool, lang: Lang
    ) -> None:
        """Offer the start (answers or defaults) and every preset; show `chosen` quietly."""
        start = tr("roi_start_answers" if answers else "roi_start_defaults", lang)
        select = self.query_one("#roi-preset", Select)
        options = [(start, START), *((name, name) for name in presets)]
        _choose(select, options, chosen if chosen in presets else START)

    def fill_row(self, path: str, start: str, shown: str) -> None:
        """Show an input's value (see `InputRow.fill`)."""
        rows = self.query(f"#{row_id(path)}")
        if rows and isinstance(rows.first(), InputRow):
            rows.first(InputRow).fill(start, shown)

    def fill_serving(self, gpus: Mapping[str, str], chosen: str, lang: Lang) -> None:
        """Show the serving choice (see `ServingRow.fill`)."""
        self.query_one(ServingRow).fill(gpus, chosen, lang)

    def paths(self) -> list[str]:
        """Every input with a row, pinned ones included."""
        return [row.path for row in self.query(InputRow)]

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Mark the rows whose typed value was left out, with the core's message."""
        for row in self.query(InputRow):
            row.show_error(errors.get(row.path))
        serving = errors.get(GPU) or errors.get(SERVING)
        self.query_one(ServingRow).show_error(serving)

    async def pin(self, path: str, start: str, shown: str, lang: Lang) -> None:
        """Add a row for `path` under "More inputs" (or find its row) and focus it."""
        rows = self.query(f"#{row_id(path)}")
        if rows:
            row = rows.first(InputRow)
        else:
            row = InputRow(path)
            await self.query_one("#roi-pinned").mount(row)
            row.relabel(lang)
            row.fill(start, shown)
        row.query_one(Input).focus()

    @on(Select.Changed, "#roi-preset")
    def _preset(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value
        self.post_message(self.PresetChosen(None if value == START else str(value)))

    @on(Select.Changed, "#roi-serving")
    def _serving(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.ServingChosen(str(event.value)))
