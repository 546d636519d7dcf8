"""Dashboards and the IRO annual report: computed from the records of the other apps."""
