"""Loading the decision rules: parse, validate, then check the tree as a graph.

Graph problems (unknown references, duplicate ids, cycles, unreachable nodes, paths that end
nowhere, conditions over answers that cannot exist) are collected, not raised one at a time, so
`advisor rules check` can list them all with file, line and node id and a hint on the fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.core.paths import RulesDirs
from advisor.core.rules import (
    AdvisoriesFile,
    AllOf,
    Answered,
    AnswerTest,
    AnyOf,
    Condition,
    FamilyIs,
    NoneOf,
    OutcomeIs,
    Rules,
    TablesFile,
    TreeFile,
)
from advisor.core.yamlio import Document, Loc
from advisor.errors import Problem, RulesError

TREE, ADVISORIES, TABLES = "tree.yaml", "advisories.yaml", "tables.yaml"


def load_rules(dirs: RulesDirs | None = None, *, use_cache: bool = True) -> Rules:
    """The decision rules from the user's folder (if it has a tree) or the built-in one."""
    folder = (dirs or RulesDirs()).decision_dir()
    files = [folder / TREE, folder / ADVISORIES, folder / TABLES]
    if not use_cache:
        return load_rules_from(folder)
    from advisor.core.cache import cached

    return cached("rules", files, lambda: load_rules_from(folder))


def load_rules_from(folder: Path) -> Rules:
    """Parse, validate and graph-check the decision rules in `folder` (no cache)."""
    from advisor.core.validate import validate
    from advisor.core.yamlio import load_yaml

    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    parsed: dict[str, Any] = {}
    for name, tp, required in (
        (TREE, TreeFile, True),
        (ADVISORIES, AdvisoriesFile, False),
        (TABLES, TablesFile, False),
    ):
        path = folder / name
        if not path.exists() and not required:
            continue
        if not path.exists():
            problems.append(
                Problem(str(path), None, None, "missing; a rules folder needs tree.yaml")
            )
            continue
        try:
            docs[name] = load_yaml(path, "rules file")
            parsed[name] = validate(tp, docs[name])
        except RulesError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RulesError(problems)
    tree: TreeFile = parsed[TREE]
    advisories = parsed.get(ADVISORIES, AdvisoriesFile(()))
    tables = parsed.get(TABLES, TablesFile())
    checker = _GraphCheck(tree, advisories, tables, docs)
    checker.run()
    if checker.problems:
        raise RulesError(checker.problems)
    return Rules(tree=tree, advisories=advisories.advisories, tables=tables, source=str(folder))


@dataclass
class _GraphCheck:
    tree: TreeFile
    advisories: AdvisoriesFile
    tables: TablesFile
    docs: dict[str, Document]
    problems: list[Problem] = field(default_factory=list)

    def add(self, file: str, loc: Loc, node: str | None, message: str) -> None:
        doc = self.docs.get(file)
        path = doc.path if doc else file
        line = doc.line_of(loc) if doc else None
        self.problems.append(Problem(path, line, node, message))

    def run(self) -> None:
        self.ids()
        questions = {q.id: q for q in self.tree.questions}
        outcomes = {o.id: o for o in self.tree.outcomes}
        nodes = set(questions) | set(outcomes)
        self.references(questions, nodes)
        self.reachability(questions, outcomes)
        self.followups(questions)
        self.outcome_links()
        for i, adv in enumerate(self.advisories.advisories):
            self.condition(adv.when, ADVISORIES, ("advisories", i, "when"), adv.id)
        self.data_tables(questions)

    def ids(self) -> None:
        seen: dict[str, str] = {}
        for kind, items in (("questions", self.tree.questions), ("outcomes", self.tree.outcomes)):
            for i, item in enumerate(items):
                if item.id in seen:
                    self.add(
                        TREE,
                        (kind, i, "id"),
                        item.id,
                        f"duplicate id {item.id!r} (already used by a {seen[item.id]}); "
                        "questions and outcomes share one namespace, rename one",
                    )
                seen[item.id] = kind[:-1]
        for i, q in enumerate(self.tree.questions):
            option_ids: set[str] = set()
            for j, option in enumerate(q.options):
                if option.id in option_ids:
                    self.add(
                        TREE,
                        ("questions", i, "options", j, "id"),
                        q.id,
                        f"duplicate option id {option.id!r}; each option needs its own id",
                    )
                option_ids.add(option.id)
        self.unique(ADVISORIES, "advisories", [a.id for a in self.advisories.advisories])
        for kind in ("data_volume", "methods", "training_types", "tables", "glossary"):
            self.unique(TABLES, kind, [row.id for row in getattr(self.tables, kind)])
        table_ids = [t.id for t in self.tables.tables] + [t.id for t in self.tables.data_volume]
        if len(set(table_ids)) != len(table_ids):
            dup = next(t for t in table_ids if table_ids.count(t) > 1)
            self.add(TABLES, (), dup, f"table id {dup!r} is used twice; table ids must be unique")

    def unique(self, file: str, key: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for i, item_id in enumerate(ids):
            if item_id in seen:
                self.add(file, (key, i, "id"), item_id, f"duplicate id {item_id!r} in {key}")
            seen.add(item_id)

    def references(self, questions: dict[str, Any], nodes: set[str]) -> None:
        if self.tree.start not in questions:
            hint = "an outcome" if self.tree.start in nodes else "not defined"
            self.add(
                TREE,
                ("start",),
                self.tree.start,
                f"start {self.tree.start!r} is {hint}; point `start` at the first question",
            )
        for i, q in enumerate(self.tree.questions):
            if q.kind == "choice":
                for j, option in enumerate(q.options):
                    if option.next is not None and option.next not in nodes:
                        self.unknown(("questions", i, "options", j, "next"), q.id, option.next)
                    if option.next is not None and option.reason is None:
                        self.add(
                            TREE,
                            ("questions", i, "options", j),
                            q.id,
                            f"option {option.id!r} leads to {option.next!r} but has no `reason`; "
                            "say why, it is shown in the recommendation's trail",
                        )
            elif q.branches:
                for j, branch in enumerate(q.branches):
                    if branch.next not in nodes:
                        self.unknown(("questions", i, "branches", j, "next"), q.id, branch.next)
            elif q.next is not None and q.next not in nodes:
                self.unknown(("questions", i, "next"), q.id, q.next)

    def unknown(self, loc: Loc, node: str, target: str) -> None:
        self.add(
            TREE,
            loc,
            node,
            f"unknown reference {target!r}; `next` must name a question or an "
            "outcome defined in tree.yaml",
        )

    def reachability(self, questions: dict[str, Any], outcomes: dict[str, Any]) -> None:
        index = {q.id: i for i, q in enumerate(self.tree.questions)}
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        reached: set[str] = set()

        def visit(node_id: str, path: list[str]) -> None:
            if node_id not in questions:
                reached.add(node_id)
                return
            if state.get(node_id) == 1:
                cycle = " -> ".join([*path[path.index(node_id) :], node_id])
                self.add(
                    TREE,
                    ("questions", index[node_id]),
                    node_id,
                    f"cycle: {cycle}; a decision tree cannot loop back to an earlier question",
                )
                return
            if state.get(node_id) == 2:
                return
            state[node_id] = 1
            reached.add(node_id)
            q = questions[node_id]
            for j, target in enumerate(q.targets()):
                if target is None:
                    if q.kind == "choice":
                        loc: Loc = ("questions", index[node_id], "options", j)
                        msg = (
                            f"path ends nowhere: option {q.options[j].id!r} has no `next`; "
                            "give it a question or an outcome"
                        )
                    else:
                        loc = ("questions", index[node_id])
                        msg = (
                            "path ends nowhere: number question has neither `branches` nor "
                            "`next`; add one"
                        )
                    self.add(TREE, loc, node_id, msg)
                elif target in questions or target in outcomes:
                    visit(target, [*path, node_id])
            state[node_id] = 2

        if self.tree.start in questions:
            visit(self.tree.start, [])
        followup_only = {f.question for f in self.tree.followups} - reached
        for i, q in enumerate(self.tree.questions):
            if q.id not in reached and q.id not in followup_only:
                self.add(
                    TREE,
                    ("questions", i),
                    q.id,
                    "unreachable: no path from `start` leads here and it is not a follow-up; "
                    "link it from an option or remove it",
                )
        for i, o in enumerate(self.tree.outcomes):
            if o.id not in reached:
                self.add(
                    TREE,
                    ("outcomes", i),
                    o.id,
                    "unreachable outcome: no path from `start` leads here; link it or remove it",
                )

    def followups(self, questions: dict[str, Any]) -> None:
        for i, f in enumerate(self.tree.followups):
            if f.question not in questions:
                self.add(
                    TREE,
                    ("followups", i, "question"),
                    f.question,
                    f"unknown follow-up question {f.question!r}; define it under `questions`",
                )
            if f.when is not None:
                self.condition(f.when, TREE, ("followups", i, "when"), f.question)

    def outcome_links(self) -> None:
        methods = {m.id for m in self.tables.methods}
        types = {t.id for t in self.tables.training_types}
        tables = {t.id for t in self.tables.tables} | {t.id for t in self.tables.data_volume}
        for i, o in enumerate(self.tree.outcomes):
            if o.method is not None and o.method not in methods:
                self.add(
                    TREE,
                    ("outcomes", i, "method"),
                    o.id,
                    f"unknown method {o.method!r}; known: {', '.join(sorted(methods)) or 'none'}",
                )
            if o.training_type is not None and o.training_type not in types:
                self.add(
                    TREE,
                    ("outcomes", i, "training_type"),
                    o.id,
                    f"unknown training type {o.training_type!r}; "
                    f"known: {', '.join(sorted(types)) or 'none'}",
                )
            for j, table in enumerate(o.tables):
                if table not in tables:
                    self.add(
                        TREE,
                        ("outcomes", i, "tables", j),
                        o.id,
                        f"unknown table {table!r}; known: {', '.join(sorted(tables)) or 'none'}",
                    )

    def condition(self, cond: Condition, file: str, loc: Loc, node: str) -> None:
        questions = {q.id: q for q in self.tree.questions}
        outcomes = {o.id for o in self.tree.outcomes}
        if isinstance(cond, AllOf | AnyOf | NoneOf):
            key = "all" if isinstance(cond, AllOf) else "any" if isinstance(cond, AnyOf) else "none"
            for k, sub in enumerate(getattr(cond, key)):
                self.condition(sub, file, (*loc, key, k), node)
        elif isinstance(cond, AnswerTest | Answered):
            qid = cond.answer if isinstance(cond, AnswerTest) else cond.answered
            key = "answer" if isinstance(cond, AnswerTest) else "answered"
            q = questions.get(qid)
            if q is None:
                self.add(
                    file,
                    (*loc, key),
                    node,
                    f"condition tests unknown question {qid!r}; use a question id from tree.yaml",
                )
                return
            if not isinstance(cond, AnswerTest):
                return
            if cond.numeric and q.kind != "number":
                self.add(
                    file,
                    (*loc, key),
                    node,
                    f"numeric comparison on choice question {qid!r}; use equals/one_of",
                )
            if not cond.numeric:
                if q.kind != "choice":
                    self.add(
                        file,
                        (*loc, key),
                        node,
                        f"equals/one_of on number question {qid!r}; use lt/le/gt/ge",
                    )
                    return
                wanted = [cond.equals] if cond.equals is not None else list(cond.one_of or ())
                valid = {o.id for o in q.options}
                for value in wanted:
                    if value not in valid:
                        self.add(
                            file,
                            loc,
                            node,
                            f"{value!r} is not an option of {qid!r}; options: "
                            f"{', '.join(o.id for o in q.options)}",
                        )
        elif isinstance(cond, OutcomeIs):
            for value in cond.outcome:
                if value not in outcomes:
                    self.add(
                        file, (*loc, "outcome"), node, f"condition names unknown outcome {value!r}"
                    )
        elif isinstance(cond, FamilyIs):
            pass  # the schema already restricts families to the known ones

    def data_tables(self, questions: dict[str, Any]) -> None:
        for i, table in enumerate(self.tables.data_volume):
            task_q = questions.get(table.task_question)
            count_q = questions.get(table.count_question)
            if task_q is None or task_q.kind != "choice":
                self.add(
                    TABLES,
                    ("data_volume", i, "task_question"),
                    table.id,
                    f"task_question {table.task_question!r} must be a choice question in tree.yaml",
                )
            if count_q is None or count_q.kind != "number":
                self.add(
                    TABLES,
                    ("data_volume", i, "count_question"),
                    table.id,
                    f"count_question {table.count_question!r} must be a number question "
                    "in tree.yaml",
                )
            if task_q is None or task_q.kind != "choice":
                continue
            valid = {o.id for o in task_q.options}
            for j, row in enumerate(table.rows):
                if row.task not in valid:
                    self.add(
                        TABLES,
                        ("data_volume", i, "rows", j, "task"),
                        table.id,
                        f"task {row.task!r} is not an option of {task_q.id!r}; options: "
                        f"{', '.join(sorted(valid))}",
                    )
