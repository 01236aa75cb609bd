"""advisor: should we prompt better, add RAG, fine-tune, or distil?

Kept import-free on purpose: `advisor --version` and every headless command start from here,
and anything imported at this level is paid by all of them.
"""

__version__ = "0.1.0"
