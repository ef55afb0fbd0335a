cpa --help
