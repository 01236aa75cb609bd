"""Screens of the interactive advisor, one a module; imported when first shown."""
