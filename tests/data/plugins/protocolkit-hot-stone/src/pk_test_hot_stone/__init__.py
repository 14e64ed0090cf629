"""A modality plugin whose module raises on import, as a broken release would."""

raise ImportError("hot_stone_heater is not installed")
