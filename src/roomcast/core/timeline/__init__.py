"""From tracks, a layout and options to a render plan: segments of fixed placements."""
