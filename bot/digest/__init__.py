"""Daily digests: per-channel schedules in the database, posted exactly once per local day."""
