"""The ROI explorer: every option priced at the user's volume, redrawn as the inputs change.

Inputs on the left (prefilled from the answers, or a preset, or a scenario file), results on the
right: the cost table, the verdict, `advisor roi`'s plot, the break-evens, the cheapest option
by volume and the warnings. Typing reprices after a short pause (pricing takes about a
millisecond; the pause only spares redrawing the plot on every key) in a worker thread, because
the first pricing may load the rules and genai-prices. What a value means is the core's
business (`advisor.tui.explorer`): this screen routes edits down and shows what comes back.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from advisor.core.i18n import Lang
from advisor.errors import AdvisorError
from advisor.report.roi import usd
from advisor.tui.explorer import Explorer, evaluate, pick_lists, start_inputs
from advisor.tui.lang import app_lang, follow_lang
from advisor.tui.strings import tr
from advisor.tui.widgets.roi_inputs import InputRow, RoiInputs
from advisor.tui.widgets.roi_results import RoiResults

if TYPE_CHECKING:
    from advisor.tui.app import AdvisorApp

DEBOUNCE = 0.12
"""Seconds of quiet typing before repricing (enter reprices at once)."""


def _roi_commands() -> Any:
    from advisor.tui.commands import RoiCommands

    return RoiCommands


class RoiScreen(Screen[None]):
    """Edits the `Explorer`'s scenario and shows its price; esc goes back where it came from."""

    # Below 110 columns the table drops its least useful columns and the plot is shorter.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (110, "-wide"),
    ]
    CSS_PATH = "../roi.tcss"
    COMMANDS = Screen.COMMANDS | {_roi_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("ctrl+f", "find_input", "Inputs"),
        Binding("ctrl+r", "reset_scenario", "Reset", show=False),
        Binding("ctrl+s", "save_scenario", "Save"),
        Binding("ctrl+e", "export_roi", "Report"),
        Binding("f4", "toggle_uncertainty", "Uncertainty"),
        Binding("f5", "toggle_sensitivity", "Sensitivity", show=False),
        Binding("f6", "simulation_settings", "Draws", show=False),
        Binding("ctrl+o", "open_scenario", "Open", show=False),
    ]

    def __init__(self, explorer: Explorer) -> None:
        super().__init__()
        self.explorer = explorer
        """The scenario being explored (kept by the app, so edits survive leaving the screen)."""
        self._stale = False
        self._reveal: str | None = None
        """The section just switched on: scrolled into view once computed."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield RoiInputs(id="roi-inputs", disabled=True)
            yield RoiResults(id="roi-results")
        yield Footer()

    def on_resize(self, event: Resize) -> None:
        """Below the wide breakpoint the footer drops its padding so every key fits in 80."""
        self.query_one(Footer).compact = event.size.width < 110

    def on_mount(self) -> None:
        follow_lang(self, self.relabel)
        if self.explorer.base is None or not self.explorer.gpus:
            self._begin()
        else:
            self._ready()
            self._show()
            self.reprice(0.0)  # edits typed just before it was last closed may be unpriced

    # --- rendering ----------------------------------------------------------------------------

    def _alive(self) -> bool:
        """Whether to update the widgets now: only while this screen is the one on top.

        A pricing thread or a language change can finish while a dialog covers the explorer,
        or while the explorer is being closed and its widgets removed. Then nothing is drawn:
        the explorer keeps the state, and `on_screen_resume` draws it when the screen is back.
        """
        if self.is_active:
            return True
        self._stale = True
        return False

    def on_screen_resume(self) -> None:
        """Draw what changed while another screen was on top."""
        if self._stale and self.explorer.base is not None:
            self._stale = False
            self.relabel(app_lang(self))  # labels, values and results
            self._enable()

    def relabel(self, lang: Lang) -> None:
        """Render every label, the choices and the results in `lang`."""
        if not self._alive():
            return
        self.sub_title = tr("roi_title", lang)
        self.query_one(RoiInputs).relabel(lang, self.explorer.emphasised)
        if self.explorer.base is not None:
            self._fill(lang)
        self._show()

    def _fill(self, lang: Lang) -> None:
        """Put the explorer's values in every row and picker (none of it counts as an edit)."""
        ex = self.explorer
        panel = self.query_one(RoiInputs)
        panel.fill_presets(list(ex.presets), ex.preset, ex.seed is not None, lang)
        panel.fill_serving(ex.gpus, ex.serving_choice(), lang)
        for path in panel.paths():
            panel.fill_row(path, ex.start_value(path), ex.shown_value(path))

    def _show(self, redraw: bool = True) -> None:
        """Show the explorer's last good result, its errors and where its numbers come from."""
        if not self._alive():
            return
        ex, lang = self.explorer, app_lang(self)
        results = self.query_one(RoiResults)
        problem = ex.problem
        if problem is None and ex.errors and ex.result is not None:
            problem = tr("roi_kept", lang)
        elif problem is not None:
            problem = tr("roi_nothing", lang, problem=problem)
        results.show_context(
            self._source_line(lang) if ex.base else tr("roi_loading", lang), problem
        )
        self.query_one(RoiInputs).show_errors(ex.errors)
        if ex.result is not None and redraw:
            results.show(ex.result, lang, ex.emphasised, ex.shown())
        results.note(self._analysis_note(lang))

    def _analysis_note(self, lang: Lang) -> str | None:
        """What is being computed, or a hint that typed ranges are not simulated yet."""
        ex = self.explorer
        if ex.result is None:
            return None
        if ex.pending():
            what = [tr("roi_what_mc", lang, n=f"{ex.simulation.draws:,}")] if ex.uncertainty else []
            what += [tr("roi_what_tornado", lang)] if ex.sensitivity else []
            sep = ", " if lang == "en" else "、"
            return tr("roi_simulating", lang, what=sep.join(what) or tr("roi_what_value", lang))
        ranged = ex.ranged()
        if ranged and not (ex.uncertainty or ex.sensitivity):
            return tr("roi_ranged_hint", lang, k=len(ranged))
        return None

    def _source_line(self, lang: Lang) -> str:
        """Where the numbers start from: a preset, a file, the answers (with the budget)."""
        ex = self.explorer
        preset = ex.preset_line(lang)
        line = tr("roi_from_file", lang, file=ex.file.name) if ex.file is not None else ""
        if preset is not None:
            named = tr("roi_from_preset", lang, name=preset[0], title=preset[1])
            return f"{line}\n{named}" if line else named
        if line:
            return line
        if ex.seed is None:
            return tr("roi_from_defaults", lang)
        title = ex.outcome_title(lang) if ex.outcome_title else ex.seed.outcome
        options = ", ".join(ex.emphasised) or "-"
        line = tr("roi_from_answers", lang, outcome=title, options=options)
        result, budget = ex.result, ex.seed.budget_usd
        chosen = [o for o in ex.emphasised if result and o in {x.id for x in result.options}]
        if budget is not None and result is not None and chosen:
            cost = max(result.option(o).upfront_usd for o in chosen)
            fits = tr("roi_within" if cost <= budget else "roi_over", lang)
            line += "\n" + tr(
                "roi_budget", lang, budget=usd(budget), option=chosen[-1], cost=usd(cost), fits=fits
            )
        return line

    # --- pricing ------------------------------------------------------------------------------

    @work(exclusive=True, group="roi-start")
    async def _begin(
        self, preset: str | None = None, file: Path | None = None, notice: str | None = None
    ) -> None:
        """Start the scenario from the answers, a preset or a file (loads rules: a thread)."""
        ex = self.explorer
        try:
            base = await asyncio.to_thread(
                start_inputs, ex.dirs, ex.seed, preset=preset, scenario_file=file
            )
            if not ex.gpus:
                ex.presets, ex.gpus = await asyncio.to_thread(pick_lists, ex.dirs)
        except (AdvisorError, OSError) as exc:
            self.notify(str(exc), severity="error")
            if ex.base is not None and self._alive():
                self._fill(app_lang(self))  # put the preset picker back where it was
            return
        ex.start(base, file)
        if not self.is_attached:
            return  # closed while loading: priced when it next opens
        self._price(0.0)
        if self._alive():  # else drawn when the screen is back on top
            self._ready()
            if notice:
                self.notify(notice)

    def _ready(self) -> None:
        """Fill the inputs and let the user edit them."""
        self._fill(app_lang(self))
        self._enable()

    def _enable(self) -> None:
        """Let the user edit the inputs (disabled until the scenario has loaded)."""
        panel = self.query_one(RoiInputs)
        if panel.disabled:
            panel.disabled = False
            panel.query_one(InputRow).query_one(Input).focus()

    def reprice(self, delay: float = DEBOUNCE) -> None:
        """Price the scenario again after `delay` seconds (a newer call replaces an older one)."""
        self._price(delay)

    @work(exclusive=True, group="roi-price")
    async def _price(self, delay: float = DEBOUNCE) -> None:
        if delay:
            await asyncio.sleep(delay)
        ex = self.explorer
        base, typed, last = ex.base, dict(ex.typed), ex.last
        if base is None:
            return
        outcome = await asyncio.to_thread(evaluate, base, typed, last, ex.today)
        if ex.base is not base or ex.typed != typed:
            return  # edited meanwhile: a newer pricing is on its way
        changed = ex.apply(outcome)
        self._show(redraw=changed or ex.pending())
        self._analyse()

    def _analyse(self) -> None:
        """Compute the analyses the result on screen needs, if it needs any not yet done."""
        if self.explorer.pending():
            self._run_analyses()

    @work(exclusive=True, group="roi-analyse")
    async def _run_analyses(self) -> None:
        ex = self.explorer
        want = ex.wanted()
        if want is None:
            return
        try:
            analyses = await asyncio.to_thread(ex.analyse_latest, want)
        except AdvisorError as exc:
            self.notify(tr("roi_analysis_failed", app_lang(self), error=exc), severity="error")
            ex.uncertainty = ex.sensitivity = False
            self._show()
            return
        if analyses is not None and ex.take(want, analyses):
            self._show()
            if self._reveal is not None:
                section, self._reveal = self._reveal, None
                results = self.query_one(RoiResults)
                self.call_after_refresh(results.reveal, section)

    # --- what the user did ---------------------------------------------------------------------

    @on(InputRow.Edited)
    def _edited(self, event: InputRow.Edited) -> None:
        self.explorer.edit(event.path, event.text)
        self.reprice(0.0 if event.now else DEBOUNCE)

    @on(RoiInputs.ServingChosen)
    def _serving(self, event: RoiInputs.ServingChosen) -> None:
        if event.choice != self.explorer.serving_choice():
            self.explorer.serving(event.choice)
            self.reprice(0.0)

    @on(RoiInputs.PresetChosen)
    def _preset(self, event: RoiInputs.PresetChosen) -> None:
        if event.preset != self.explorer.preset or self.explorer.file is not None:
            self._begin(preset=event.preset)

    def choose_preset(self, name: str | None) -> None:
        """Start from preset `name` (None: the answers or the defaults)."""
        self._begin(preset=name)

    def action_toggle_uncertainty(self) -> None:
        """Switch the Monte Carlo over the ranges (a band on the plot, P10..P90) on or off."""
        self._toggle("uncertainty")

    def action_toggle_sensitivity(self) -> None:
        """Switch the one-way sensitivity (tornado) on or off."""
        self._toggle("sensitivity")

    def _toggle(self, which: str) -> None:
        ex = self.explorer
        on = not getattr(ex, which)
        setattr(ex, which, on)
        self.notify(
            tr(f"roi_{which}_{'on' if on else 'off'}", app_lang(self), n=f"{ex.simulation.draws:,}")
        )
        self._reveal = which if on else None
        self._show()
        self._analyse()

    @work(exclusive=True, group="dialog")
    async def action_simulation_settings(self) -> None:
        """Draws, seed and spread of the simulation, as `advisor roi` takes them."""
        from advisor.tui.screens.simulation import SimulationScreen

        ex = self.explorer
        if await self.app.push_screen_wait(SimulationScreen(ex)):
            sim, lang = ex.simulation, app_lang(self)
            spread = format(sim.spread * 100, "g")
            self.notify(
                tr("sim_applied", lang, draws=f"{sim.draws:,}", seed=sim.seed, spread=spread)
            )
            self._show()
            self._analyse()

    def action_close(self) -> None:
        """Back to the screen the explorer was opened from."""
        self.dismiss(None)

    def action_reset_scenario(self) -> None:
        """Drop every edit and start again from the answers (or the defaults)."""
        ex, lang = self.explorer, app_lang(self)
        start = tr("roi_start_answers" if ex.seed is not None else "roi_start_defaults", lang)
        self._begin(notice=tr("roi_reset", lang, start=start))

    def action_find_input(self) -> None:
        """Search every input of the scenario; the one picked gets a row and the focus."""
        from advisor.core.settings import all_paths
        from advisor.tui.explorer import descriptions

        ex = self.explorer
        if ex.base is None:
            return
        about = descriptions()
        commands = [
            (
                f"{path} = {ex.shown_value(path) or '-'}",
                partial(self._pin, path),
                about.get(path) or None,
            )
            for path in all_paths()
        ]
        self.app.search_commands(commands, placeholder=tr("roi_find", app_lang(self)))

    async def _pin(self, path: str) -> None:
        if not self._alive():
            return
        ex = self.explorer
        panel = self.query_one(RoiInputs)
        await panel.pin(path, ex.start_value(path), ex.shown_value(path), app_lang(self))
        panel.show_errors(ex.errors)

    @work(exclusive=True, group="dialog")
    async def action_save_scenario(self) -> None:
        """Save the inputs as YAML that `advisor roi --scenario` reads."""
        from advisor.tui import files

        await files.save_roi_scenario(self.roi_app, self.explorer)

    @work(exclusive=True, group="dialog")
    async def action_open_scenario(self) -> None:
        """Start from a scenario YAML file."""
        from advisor.tui import files

        path = await files.ask_roi_scenario(self.roi_app)
        if path is not None:
            self._begin(file=path, notice=tr("roi_opened", app_lang(self), path=path))

    @work(exclusive=True, group="dialog")
    async def action_export_roi(self) -> None:
        """Save the table, break-evens, verdict and sources as Markdown."""
        from advisor.tui import files

        await files.save_roi_report(self.roi_app, self.explorer)

    @property
    def roi_app(self) -> AdvisorApp:
        """The app, typed (file dialogs need its language and notifications)."""
        return self.app  # type: ignore[return-value]
