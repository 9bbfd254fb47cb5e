"""The demo municipality and the scale data the benchmarks load: users, homes, schools, children, requests and
placements. Out of the domain packages: it builds through their services and tables, they never import it."""
