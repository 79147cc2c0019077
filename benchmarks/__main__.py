"""`python -m benchmarks`: run every benchmark and print its figures."""

from benchmarks import bot_commands, digest, engine, feeds, reload

if __name__ == "__main__":
    engine.main()
    reload.main()
    bot_commands.main([])
    digest.main([])
    feeds.main([])
