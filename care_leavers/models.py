"""Care leavers: built on the care history."""
