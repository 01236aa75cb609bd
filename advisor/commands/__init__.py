"""Subcommands of `advisor`. Each module exposes HELP, add_arguments(parser) and run(args).

Modules here import only argparse-level things at the top; the core, the renderers and any
heavy library are imported inside `run`, so `advisor <cmd> --help` and the parser stay fast.
"""
