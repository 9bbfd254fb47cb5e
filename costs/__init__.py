"""What placements cost: every care day priced against the dated rates, and (later) budget and forecast."""
