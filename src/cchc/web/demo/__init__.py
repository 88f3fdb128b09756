"""Demo data: Thanh Hóa's reporting units and figures synthesised from the Q1 2023 sample report."""
