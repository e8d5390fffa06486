from mechgraph.cli import main

main()
