"""A local plugin that ends the program as it is imported: it must fail, not make a run pass."""

import sys

sys.exit(0)
