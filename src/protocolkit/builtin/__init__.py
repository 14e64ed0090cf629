"""The core's own plugins: registered through the public hooks like any other."""
