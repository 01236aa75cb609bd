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
| f | on "how many training examples": count the good ones in a dataset file |
| esc | back to the previous question |
| tab, then enter | pick an answer in the trail on the left to change it |
| a | on the recommendation: show the trail (hidden below 110 columns) |
| r, f3 | the ROI explorer (r on the recommendation, f3 anywhere) |
| ctrl+r | start over |
| ctrl+s / ctrl+o | save answers to YAML / load them |
| ctrl+e | save the report as Markdown (on the recommendation) |
| ctrl+l | English / 中文 |
| ctrl+t | dark / light theme (more themes in the command palette) |
| f1 / f2 | this help / the glossary |
| ctrl+p | command palette: every action, and "change answer" for each step |
| ctrl+q | quit |

## ROI explorer

Prices prompt engineering (api), RAG, a hosted fine-tune and distillation at your volume, as
`advisor roi` does, starting from your answers (or the defaults, or a preset picked under
"Start from"). Change an input on the left and the table, verdict, plot and break-evens follow;
a value advisor cannot use turns red with the reason and is left out.

Any number may be a range instead (`200..600`, `200..300..600`, `+-20%`, `uniform:2..8`), as
with `advisor roi --set`: the table uses its base value; f4 simulates the ranges (10,000 draws:
how often each option is cheapest, P10/P50/P90 break-evens, a band on the plot) and f5 ranks
what moves the verdict (a tornado). With no range, both vary the key inputs by ±25%.

| Key | Does |
|---|---|
| ↑ ↓, tab | move between inputs |
| ctrl+f | search every input (prices, retraining, self-hosting...) |
| ctrl+r | back to your answers, dropping every edit |
| ctrl+s / ctrl+o | save the scenario as YAML for `advisor roi --scenario` / open one |
| ctrl+e | save the report as Markdown |
| f4 / f5 | uncertainty (Monte Carlo) / sensitivity (tornado), on or off |
| f6 | the simulation's draws, seed and spread (as `--draws`, `--seed`, `--spread`) |
| esc | back |

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
| f | 在"有多少训练样本"一题：从数据集文件统计优质样本 |
| esc | 返回上一题 |
| tab，然后回车 | 在左侧路径中选择一个回答来修改 |
| a | 在建议页面显示回答路径（窗口窄于 110 列时默认隐藏） |
| r、f3 | ROI 分析（建议页面按 r，任何地方按 f3） |
| ctrl+r | 重新开始 |
| ctrl+s / ctrl+o | 把回答保存为 YAML / 加载回答 |
| ctrl+e | 把报告保存为 Markdown（在建议页面） |
| ctrl+l | English / 中文 |
| ctrl+t | 深色 / 浅色主题（命令面板中有更多主题） |
| f1 / f2 | 帮助 / 术语表 |
| ctrl+p | 命令面板：所有操作，以及每一步的"修改回答" |
| ctrl+q | 退出 |

## ROI 分析

像 `advisor roi` 一样，按你的查询量为提示工程（api）、RAG、托管微调和蒸馏计价，
起点是你的回答（或默认值，或在"起点"中选择的预设）。修改左侧的输入，成本表、结论、
图和盈亏平衡点随之更新；无法使用的值会标红并说明原因，计价时不使用它。

任何数字都可以改为区间（`200..600`、`200..300..600`、`+-20%`、`uniform:2..8`），与
`advisor roi --set` 相同：成本表使用其基准值；f4 对区间做模拟（10,000 次抽样：各方案最便宜
的概率、盈亏平衡点的 P10/P50/P90、图上的区间带），f5 对影响结论的输入排序（龙卷风图）。
没有区间时，两者都让关键输入在 ±25% 内变化。

| 按键 | 作用 |
|---|---|
| ↑ ↓、tab | 在输入项之间移动 |
| ctrl+f | 搜索所有输入项（价格、重新训练、自托管等） |
| ctrl+r | 回到你的回答，放弃所有修改 |
| ctrl+s / ctrl+o | 把场景保存为 `advisor roi --scenario` 可读取的 YAML / 打开场景 |
| ctrl+e | 把报告保存为 Markdown |
| f4 / f5 | 不确定性（蒙特卡洛）/ 敏感性（龙卷风图），开或关 |
| f6 | 模拟的抽样次数、随机种子和变化幅度（同 `--draws`、`--seed`、`--spread`） |
| esc | 返回 |

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
