"""Health and education records: built on the care history."""
