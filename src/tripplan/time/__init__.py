"""Time: zones and wall clocks, the entry grammar of typed times, lengths, the clock, date limits, countdowns."""
