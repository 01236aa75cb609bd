"""Help: what advisor does, every key, and where the answers and reports go."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from advisor.core.i18n import Lang
from advisor.tui.lang import follow_lang

HELP: dict[Lang, str] = {
    "en": """\
# advisor

Answers a few questions, one at a time, and recommends prompt engineering, RAG, fine-tuning
(LoRA or full), distillation, or RAG plus fine-tuning, with the reasons from the seed documents.

## Keys

| Key | Does |
|---|---|
| ↑ ↓, 1-9, enter | choose an option and answer (a click works too) |
| type, enter | answer a number question (the allowed range is shown under it) |
| esc | back to the previous question |
| tab, then enter | pick an answer in the trail on the left to change it |
| a | on the recommendation: show the trail (hidden below 110 columns) |
| ctrl+r | start over |
| ctrl+s / ctrl+o | save answers to YAML / load them |
| ctrl+e | save the report as Markdown (on the recommendation) |
| ctrl+l | English / 中文 |
| ctrl+t | dark / light theme (more themes in the command palette) |
| f1 / f2 | this help / the glossary |
| ctrl+p | command palette: every action, and "change answer" for each step |
| ctrl+q | quit |

## Changing an answer

Going back keeps every answer. When you change one, the answers that come later are kept
wherever the new path still asks them, and advisor takes you to the first question the new
path still needs.

## Files

Saved answers are the YAML that `advisor decide --answers FILE` reads, so a session can be
replayed without the TUI. Files are written atomically and never replaced without asking.
""",
    "zh": """\
# advisor

逐一回答几个问题，advisor 会推荐提示工程、RAG、微调（LoRA 或全量）、蒸馏或 RAG 加微调，
并给出来自种子文档的理由。

## 按键

| 按键 | 作用 |
|---|---|
| ↑ ↓、1-9、回车 | 选择选项并回答（也可以用鼠标点击） |
| 输入、回车 | 回答数字题（允许范围显示在输入框下方） |
| esc | 返回上一题 |
| tab，然后回车 | 在左侧路径中选择一个回答来修改 |
| a | 在建议页面显示回答路径（窗口窄于 110 列时默认隐藏） |
| ctrl+r | 重新开始 |
| ctrl+s / ctrl+o | 把回答保存为 YAML / 加载回答 |
| ctrl+e | 把报告保存为 Markdown（在建议页面） |
| ctrl+l | English / 中文 |
| ctrl+t | 深色 / 浅色主题（命令面板中有更多主题） |
| f1 / f2 | 帮助 / 术语表 |
| ctrl+p | 命令面板：所有操作，以及每一步的"修改回答" |
| ctrl+q | 退出 |

## 修改回答

返回不会丢失任何回答。修改某个回答后，新路径上仍然会问到的后续回答都会保留，
advisor 会带你到新路径上第一个还需要回答的问题。

## 文件

保存的回答就是 `advisor decide --answers FILE` 读取的 YAML，可以不用界面重放一次会话。
文件以原子方式写入，替换已有文件前一定会先询问。
""",
}
"""The help text by language (Markdown)."""


class HelpScreen(ModalScreen[None]):
    """Keys and how advisor works; esc or f1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll", classes="panel"):
            yield Markdown(id="help")
        yield Footer()

    def on_mount(self) -> None:
        follow_lang(self, self.relabel)
        self.query_one("#help-scroll").focus()

    def relabel(self, lang: Lang) -> None:
        """Render the help in `lang`."""
        self.query_one("#help", Markdown).update(HELP[lang])
