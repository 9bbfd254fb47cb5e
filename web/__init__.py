"""All delivery: the HTTP app (JSON API and HTML pages) and the command line."""
