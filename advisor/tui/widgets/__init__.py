"""Widgets of the interactive advisor: attributes come down from the screen, messages go up."""
