snat --help
