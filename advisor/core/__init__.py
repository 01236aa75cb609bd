"""The domain: rules, the decision engine, the cost model, estimators. Pure on purpose.

Imports only the standard library, PyYAML, pydantic (lazily, for validation) and
annotated_types; never textual, rich or plotext. A test enforces it.
"""
