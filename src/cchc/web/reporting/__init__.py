"""Reporting periods, the units' forms (submissions), their values, workflow and audit."""
