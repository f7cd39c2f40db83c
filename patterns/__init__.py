"""Pattern data (YAML). Loaded and validated by govreport.extract.patterns."""
