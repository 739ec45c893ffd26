"""Reports: PDF and CSV files a person can hand to a doctor, built from engine output and charts."""
