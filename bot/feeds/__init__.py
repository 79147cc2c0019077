"""News feeds in: poll RSS and Atom feeds, take the articles about the story, add them as sources."""
