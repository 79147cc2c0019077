"""Managing the sources: fetching and extracting articles, moving files, reloading with a diff."""
