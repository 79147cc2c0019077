"""`python -m benchmarks`: run every benchmark and print its figures."""

from benchmarks import bot_commands, digest, engine, feeds, limits, reload

if __name__ == "__main__":
    engine.main()
    limits.main()
    reload.main()
    bot_commands.main([])
    digest.main([])
    feeds.main([])
