"""The trip model: trips, events, people and stops, their kinds, validation, and the changes made to them."""
